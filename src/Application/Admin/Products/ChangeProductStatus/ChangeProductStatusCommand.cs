using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Admin.Products.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Admin.Products.ChangeProductStatus;

public enum ProductStatusAction
{
    Publish,
    Unpublish,
    Archive,
}

/// <summary>Publish (into the catalogue), unpublish (back to draft) or archive (retired for good).</summary>
public sealed record ChangeProductStatusCommand(Guid Id, ProductStatusAction Action) : ICommand<AdminProductResponse>;

public sealed class ChangeProductStatusCommandHandler(IShopDbContext db, TimeProvider time)
    : ICommandHandler<ChangeProductStatusCommand, AdminProductResponse>
{
    public async ValueTask<AdminProductResponse> Handle(ChangeProductStatusCommand command, CancellationToken cancellationToken)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException("The product does not exist.");
        var now = time.GetUtcNow();
        switch (command.Action)
        {
            case ProductStatusAction.Publish: product.Publish(now); break;
            case ProductStatusAction.Unpublish: product.Unpublish(now); break;
            case ProductStatusAction.Archive: product.Archive(now); break;
            default: throw new ArgumentOutOfRangeException(nameof(command), command.Action, "Unknown action.");
        }

        await db.SaveChangesAsync(cancellationToken); // a concurrent edit makes this a 409
        return await AdminProducts.ReadAsync(db, product.Id, cancellationToken);
    }
}
