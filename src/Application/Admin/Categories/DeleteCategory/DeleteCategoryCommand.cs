using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Admin.Categories.DeleteCategory;

/// <summary>Deletes a category no product uses (whatever the product's status: archived ones count).</summary>
public sealed record DeleteCategoryCommand(Guid Id) : ICommand;

public sealed class DeleteCategoryCommandHandler(IShopDbContext db, ICatalogChangeNotes catalog) : ICommandHandler<DeleteCategoryCommand>
{
    public async ValueTask<Unit> Handle(DeleteCategoryCommand command, CancellationToken cancellationToken)
    {
        if (!await db.Categories.AnyAsync(c => c.Id == command.Id, cancellationToken))
        {
            throw new NotFoundException("The category does not exist.");
        }

        await EnsureUnusedAsync(cancellationToken);
        try
        {
            await db.Categories.Where(c => c.Id == command.Id).ExecuteDeleteAsync(cancellationToken);
            await catalog.CategoriesChangedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            // A product was given this category after the check: the foreign key refused the delete.
            await EnsureUnusedAsync(cancellationToken);
            throw;
        }

        return Unit.Value;

        async Task EnsureUnusedAsync(CancellationToken ct)
        {
            var used = await db.Products.CountAsync(p => p.CategoryId == command.Id, ct);
            if (used > 0)
            {
                throw new ConflictException(
                    $"The category is used by {used} product(s), archived ones included; give them another category first.",
                    new Dictionary<string, object?> { ["product_count"] = used });
            }
        }
    }
}
