using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;

namespace Shop.Application.Admin.Categories.Common;

public interface ICategoryFields
{
    string Name { get; }
    string? Slug { get; }
}

public static class CategoryRules
{
    /// <summary>A name, and a slug given or made from the name, both well formed.</summary>
    public static void AddCategoryRules<T>(this AbstractValidator<T> validator)
        where T : ICategoryFields
    {
        validator.RuleFor(c => c.Name).NotEmpty().MaximumLength(Category.MaxNameLength);
        validator.RuleFor(c => c.Slug)
            .Must(slug => Category.IsValidSlug(slug))
            .When(c => c.Slug is not null)
            .WithMessage("'slug' is lower-case letters and digits separated by single hyphens (at most 100 characters).");
        validator.RuleFor(c => c.Slug)
            .Must((c, _) => Category.IsValidSlug(Category.Slugify(c.Name)))
            .When(c => c.Slug is null && !string.IsNullOrWhiteSpace(c.Name))
            .WithMessage("No slug can be made from this name; send a 'slug'.");
    }

    public static async Task EnsureSlugFreeAsync(IShopDbContext db, string slug, Guid? exceptId, CancellationToken ct)
    {
        if (await db.Categories.AnyAsync(c => c.Slug == slug && c.Id != exceptId, ct))
        {
            throw SlugTaken(slug);
        }
    }

    public static ConflictException SlugTaken(string slug) => new($"A category with the slug '{slug}' already exists.");
}
