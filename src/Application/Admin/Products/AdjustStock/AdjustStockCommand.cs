using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Admin.Products.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;

namespace Shop.Application.Admin.Products.AdjustStock;

/// <summary>Adds (a delivery) or removes (breakage, a count) stock. Relative, so it never loses a
/// concurrent checkout's decrement, and conditional, so stock never goes below zero.</summary>
public sealed record AdjustStockCommand(Guid Id, int Delta) : ICommand<AdminProductResponse>;

public sealed class AdjustStockCommandHandler(IShopDbContext db, ICatalogChangeNotes catalog) : ICommandHandler<AdjustStockCommand, AdminProductResponse>
{
    public async ValueTask<AdminProductResponse> Handle(AdjustStockCommand command, CancellationToken cancellationToken)
    {
        var delta = command.Delta;
        var changed = await db.Products
            .Where(p => p.Id == command.Id && p.Stock + delta >= 0 && p.Stock + delta <= Product.MaxStock)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock + delta), cancellationToken);
        if (changed == 0)
        {
            var stock = await db.Products.Where(p => p.Id == command.Id).Select(p => (int?)p.Stock).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("The product does not exist.");
            throw new ConflictException(
                delta < 0
                    ? $"Stock cannot go below zero: {stock} in stock, {-delta} to remove."
                    : $"Stock cannot exceed {Product.MaxStock}.",
                new Dictionary<string, object?> { ["stock"] = stock });
        }

        await catalog.ProductChangedAsync(command.Id, cancellationToken);
        return await AdminProducts.ReadAsync(db, command.Id, cancellationToken);
    }
}
