using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Admin.Categories.Common;
using Shop.Application.Catalog.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;

namespace Shop.Application.Admin.Categories.CreateCategory;

/// <summary>A new category; without a slug, one is made from the name.</summary>
public sealed record CreateCategoryCommand(string Name, string? Slug) : ICommand<CategoryResponse>, ICategoryFields;

public sealed class CreateCategoryCommandHandler(IShopDbContext db, IIdGenerator ids, TimeProvider time)
    : ICommandHandler<CreateCategoryCommand, CategoryResponse>
{
    public async ValueTask<CategoryResponse> Handle(CreateCategoryCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var category = Category.Create(command.Name, command.Slug, now, ids.New(now));
        await CategoryRules.EnsureSlugFreeAsync(db, category.Slug, null, cancellationToken);
        db.Categories.Add(category);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost a race for the slug: the unique index refused the row.
            await CategoryRules.EnsureSlugFreeAsync(db, category.Slug, category.Id, cancellationToken);
            throw;
        }

        return new CategoryResponse(category.Id, category.Name, category.Slug);
    }
}
