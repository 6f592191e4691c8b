using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Admin.Products.Common;
using Shop.Application.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Admin.Products.UpdateProduct;

/// <summary>
/// Replaces a product's details, only if the client saw the current version (<c>If-Match</c>): two admins
/// editing at once cannot overwrite each other unseen. Stock and status have their own routes.
/// </summary>
public sealed record UpdateProductCommand(Guid Id, IfMatch? IfMatch, string Name, string? Description, decimal Price, Guid CategoryId)
    : ICommand<AdminProductResponse>;

public sealed class UpdateProductCommandHandler(IShopDbContext db, TimeProvider time)
    : ICommandHandler<UpdateProductCommand, AdminProductResponse>
{
    public async ValueTask<AdminProductResponse> Handle(UpdateProductCommand command, CancellationToken cancellationToken)
    {
        var ifMatch = command.IfMatch
            ?? throw new PreconditionRequiredException("Send If-Match with the product's current ETag (read it with GET first).");
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException("The product does not exist.");
        if (!ifMatch.Matches(product.Version))
        {
            throw Stale();
        }

        var category = await AdminProducts.RequireCategoryAsync(db, command.CategoryId, cancellationToken);
        product.Update(command.Name, command.Description ?? "", command.Price, category.Id, time.GetUtcNow());
        try
        {
            // UPDATE ... WHERE id = @id AND version = @read: a write that slipped in since the read wins, and we say so.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale();
        }

        return product.Response(category);
    }

    private static PreconditionFailedException Stale() =>
        new("The product has changed since you read it; GET it again and reapply your change.");
}
