using System.Text;
using System.Text.RegularExpressions;
using Shop.Domain.Common;

namespace Shop.Domain.Catalog;

/// <summary>A group of products the storefront lists together; addressed by its slug in URLs.</summary>
public sealed partial class Category
{
    public const int MaxNameLength = 100;
    public const int MaxSlugLength = 100;

    private Category() { } // for EF

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Slug { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static Category Create(string name, string? slug, DateTimeOffset now, Guid? id = null)
    {
        var category = new Category { Id = id ?? UuidV7.New(now), CreatedAt = now };
        category.Rename(name, slug);
        return category;
    }

    /// <summary>Sets the name and slug; without a slug, one is made from the name.</summary>
    public void Rename(string name, string? slug)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        var finalSlug = string.IsNullOrWhiteSpace(slug) ? Slugify(trimmed) : slug.Trim();
        if (!IsValidSlug(finalSlug))
        {
            throw new InvalidValueException("slug", "A category slug is lower-case letters and digits separated by single hyphens.");
        }

        Name = trimmed.Length <= MaxNameLength ? trimmed : trimmed[..MaxNameLength];
        Slug = finalSlug;
    }

    public static bool IsValidSlug(string? slug) =>
        slug is { Length: > 0 and <= MaxSlugLength } && SlugPattern().IsMatch(slug);

    /// <summary>"Books &amp; Comics" → "books-comics": runs of anything but a–z and 0–9 become one hyphen.
    /// Letters outside ASCII are not transliterated (send a slug for such names).</summary>
    public static string Slugify(string name)
    {
        var builder = new StringBuilder(name.Length);
        var pendingHyphen = false;
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(c);
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }
        }

        var slug = builder.ToString();
        return slug.Length <= MaxSlugLength ? slug : slug[..MaxSlugLength].TrimEnd('-');
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
