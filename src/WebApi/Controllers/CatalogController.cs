using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Shop.Application.Catalog.Common;
using Shop.Application.Catalog.GetProduct;
using Shop.Application.Catalog.ListCategories;
using Shop.Application.Catalog.ListProducts;
using Shop.Application.Common;
using Shop.WebApi.Infrastructure;

namespace Shop.WebApi.Controllers;

/// <summary>
/// The public catalogue: published products and the categories. No token needed, and a token changes
/// nothing: every answer is the same for every caller, served from the output cache
/// (<see cref="CatalogPageCache"/>) with an ETag; <c>If-None-Match</c> with it answers 304.
/// </summary>
[ApiController]
[Route("api/v1")]
[AllowAnonymous]
public sealed class CatalogController(IMediator mediator) : ControllerBase
{
    /// <param name="sort">name, price, -price or newest (the default).</param>
    /// <param name="category">A category slug or id.</param>
    [HttpGet("products")]
    [OutputCache(PolicyName = CatalogPageCache.ListPolicy)]
    [CatalogETag]
    [ProducesResponseType<PagedResult<ProductResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [RequestHeader("If-None-Match", CatalogETagAttribute.IfNoneMatchDescription)]
    [ResponseHeader(StatusCodes.Status200OK, "ETag", CatalogETagAttribute.Description)]
    [ResponseHeader(StatusCodes.Status304NotModified, "ETag", CatalogETagAttribute.Description)]
    public async Task<PagedResult<ProductResponse>> ListProducts(
        [FromQuery(Name = "page")] int page = 1,
        [FromQuery(Name = "page_size")] int pageSize = PagingRules.DefaultPageSize,
        [FromQuery(Name = "q")] string? q = null,
        [FromQuery(Name = "category")] string? category = null,
        [FromQuery(Name = "min_price")] decimal? minPrice = null,
        [FromQuery(Name = "max_price")] decimal? maxPrice = null,
        [FromQuery(Name = "sort"), OneOf(typeof(ProductSort))] string? sort = null,
        CancellationToken ct = default) =>
        await mediator.Send(new ListProductsQuery(page, pageSize, q, category, minPrice, maxPrice, sort), ct);

    [HttpGet("products/{id}")]
    [OutputCache(PolicyName = CatalogPageCache.ProductPolicy)]
    [CatalogETag]
    [ProducesResponseType<ProductResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [RequestHeader("If-None-Match", CatalogETagAttribute.IfNoneMatchDescription)]
    [ResponseHeader(StatusCodes.Status200OK, "ETag", CatalogETagAttribute.Description)]
    [ResponseHeader(StatusCodes.Status304NotModified, "ETag", CatalogETagAttribute.Description)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<ProductResponse> GetProduct(Guid id, CancellationToken ct) =>
        await mediator.Send(new GetProductQuery(id), ct);

    [HttpGet("categories")]
    [OutputCache(PolicyName = CatalogPageCache.CategoriesPolicy)]
    [CatalogETag]
    [ProducesResponseType<IReadOnlyList<CategoryResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [RequestHeader("If-None-Match", CatalogETagAttribute.IfNoneMatchDescription)]
    [ResponseHeader(StatusCodes.Status200OK, "ETag", CatalogETagAttribute.Description)]
    [ResponseHeader(StatusCodes.Status304NotModified, "ETag", CatalogETagAttribute.Description)]
    public async Task<IReadOnlyList<CategoryResponse>> ListCategories(CancellationToken ct) =>
        await mediator.Send(new ListCategoriesQuery(), ct);
}
