namespace Shop.Application.Common;

/// <summary>
/// The <c>If-Match</c> precondition of a conditional write, as the API layer parsed it: the strong
/// entity tags (without quotes) the client holds, or <c>*</c> ("whatever the current version is").
/// A missing header is a null <see cref="IfMatch"/> and answered 428.
/// </summary>
public sealed record IfMatch(bool Any, IReadOnlyList<string> EntityTags)
{
    public bool Matches(Guid version) => Any || EntityTags.Contains(version.ToString("D"));

    /// <summary>The ETag header value of a version: the version in quotes.</summary>
    public static string ETagOf(Guid version) => $"\"{version:D}\"";
}
