using Shop.Application.Common;

namespace Shop.WebApi.Infrastructure;

/// <summary>ETag / If-Match as the admin panel uses them: the ETag is the quoted version.</summary>
public static class EntityTags
{
    public const string Description = "The product's version as a strong ETag; send it back in If-Match to update.";

    /// <summary>
    /// The request's If-Match, or null when it has none. <c>*</c> matches any version; weak tags
    /// (<c>W/"…"</c>) never match (If-Match compares strongly); a tag sent without its quotes is
    /// accepted as if quoted, since that is the usual hand-typed mistake.
    /// </summary>
    public static IfMatch? ParseIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            return null;
        }

        var tags = new List<string>();
        foreach (var part in header.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (part == "*")
            {
                return new IfMatch(Any: true, []);
            }

            if (!part.StartsWith("W/", StringComparison.Ordinal))
            {
                tags.Add(part.Trim('"'));
            }
        }

        return new IfMatch(Any: false, tags);
    }

    public static void SetETag(this HttpResponse response, Guid version) =>
        response.Headers.ETag = IfMatch.ETagOf(version);
}
