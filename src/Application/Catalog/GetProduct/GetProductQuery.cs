using Mediator;
using Shop.Application.Catalog.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Catalog.GetProduct;

/// <summary>One published product; a draft or archived one is as unknown as an id that never existed.</summary>
public sealed record GetProductQuery(Guid Id) : IQuery<ProductResponse>;

public sealed class GetProductQueryHandler(ICatalogQueries catalog) : IQueryHandler<GetProductQuery, ProductResponse>
{
    public async ValueTask<ProductResponse> Handle(GetProductQuery query, CancellationToken cancellationToken) =>
        await catalog.FindProductAsync(query.Id, cancellationToken)
        ?? throw new NotFoundException("The product does not exist.");
}
