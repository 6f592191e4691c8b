using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Admin.Categories.Common;
using Shop.Application.Catalog.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Admin.Categories.UpdateCategory;

/// <summary>Renames a category (and its slug; without one, the slug is made from the new name).</summary>
public sealed record UpdateCategoryCommand(Guid Id, string Name, string? Slug) : ICommand<CategoryResponse>, ICategoryFields;

public sealed class UpdateCategoryCommandHandler(IShopDbContext db) : ICommandHandler<UpdateCategoryCommand, CategoryResponse>
{
    public async ValueTask<CategoryResponse> Handle(UpdateCategoryCommand command, CancellationToken cancellationToken)
    {
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException("The category does not exist.");
        category.Rename(command.Name, command.Slug);
        await CategoryRules.EnsureSlugFreeAsync(db, category.Slug, category.Id, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await CategoryRules.EnsureSlugFreeAsync(db, category.Slug, category.Id, cancellationToken);
            throw;
        }

        return new CategoryResponse(category.Id, category.Name, category.Slug);
    }
}
