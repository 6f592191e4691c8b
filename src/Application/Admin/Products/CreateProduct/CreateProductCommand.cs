using FluentValidation;
using Mediator;
using Shop.Application.Admin.Products.Common;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Catalog;

namespace Shop.Application.Admin.Products.CreateProduct;

/// <summary>A new product, as a draft or (with <c>publish</c>) straight into the catalogue.</summary>
public sealed record CreateProductCommand(string Name, string? Description, decimal Price, int Stock, Guid CategoryId, bool Publish)
    : ICommand<AdminProductResponse>;

public sealed class CreateProductCommandHandler(IShopDbContext db, IIdGenerator ids, TimeProvider time)
    : ICommandHandler<CreateProductCommand, AdminProductResponse>
{
    public async ValueTask<AdminProductResponse> Handle(CreateProductCommand command, CancellationToken cancellationToken)
    {
        var category = await AdminProducts.RequireCategoryAsync(db, command.CategoryId, cancellationToken);
        var now = time.GetUtcNow();
        var product = Product.Create(
            command.Name, command.Description ?? "", command.Price, command.Stock, category.Id, command.Publish, now, ids.New(now));
        db.Products.Add(product);
        await db.SaveChangesAsync(cancellationToken);
        return product.Response(category);
    }
}
