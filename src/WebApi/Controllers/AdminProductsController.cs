using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shop.Application.Admin.Products.AdjustStock;
using Shop.Application.Admin.Products.ChangeProductStatus;
using Shop.Application.Admin.Products.Common;
using Shop.Application.Admin.Products.CreateProduct;
using Shop.Application.Admin.Products.GetAdminProduct;
using Shop.Application.Admin.Products.ListAdminProducts;
using Shop.Application.Admin.Products.UpdateProduct;
using Shop.Application.Common;
using Shop.Domain.Catalog;
using Shop.WebApi.Infrastructure;

namespace Shop.WebApi.Controllers;

/// <summary>The admin panel's products: every status, ETag on reads, If-Match on updates.</summary>
[ApiController]
[Route("api/v1/admin/products")]
[Authorize(Policy = Policies.Admin)]
public sealed class AdminProductsController(IMediator mediator) : ControllerBase
{
    [ValidatedAs(typeof(CreateProductCommand))]
    public sealed record CreateProductRequest(string Name, string? Description, decimal Price, int Stock, Guid CategoryId, bool Publish);

    /// <summary>The editable details; stock and status have their own routes.</summary>
    [ValidatedAs(typeof(UpdateProductCommand))]
    public sealed record UpdateProductRequest(string Name, string? Description, decimal Price, Guid CategoryId);

    [ValidatedAs(typeof(AdjustStockCommand))]
    public sealed record AdjustStockRequest(int Delta);

    /// <param name="status">draft, published or archived; all when absent.</param>
    [HttpGet]
    public async Task<PagedResult<AdminProductResponse>> List(
        [FromQuery(Name = "page")] int page = 1,
        [FromQuery(Name = "page_size")] int pageSize = PagingRules.DefaultPageSize,
        [FromQuery(Name = "q")] string? q = null,
        [FromQuery(Name = "status"), OneOf(typeof(ProductStatus))] string? status = null,
        CancellationToken ct = default) =>
        await mediator.Send(new ListAdminProductsQuery(page, pageSize, q, status), ct);

    [HttpPost]
    [ProducesResponseType<AdminProductResponse>(StatusCodes.Status201Created)]
    [ResponseHeader(StatusCodes.Status201Created, "ETag", EntityTags.Description)]
    public async Task<ActionResult<AdminProductResponse>> Create(CreateProductRequest request, CancellationToken ct)
    {
        var product = await mediator.Send(new CreateProductCommand(
            request.Name, request.Description, request.Price, request.Stock, request.CategoryId, request.Publish), ct);
        Response.SetETag(product.Version);
        return Created($"/api/v1/admin/products/{product.Id}", product);
    }

    [HttpGet("{id}")]
    [ProducesResponseType<AdminProductResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ResponseHeader(StatusCodes.Status200OK, "ETag", EntityTags.Description)]
    public async Task<AdminProductResponse> Get(Guid id, CancellationToken ct) =>
        WithETag(await mediator.Send(new GetAdminProductQuery(id), ct));

    /// <summary>Needs If-Match with the ETag of the last read: 428 without it, 412 when it is stale.</summary>
    [HttpPut("{id}")]
    [ProducesResponseType<AdminProductResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType(StatusCodes.Status428PreconditionRequired)]
    [RequestHeader("If-Match", "The ETag of the last read of this product; 412 when it changed since, 428 when missing.", Required = true)]
    [ResponseHeader(StatusCodes.Status200OK, "ETag", EntityTags.Description)]
    public async Task<AdminProductResponse> Update(Guid id, UpdateProductRequest request, CancellationToken ct) =>
        WithETag(await mediator.Send(new UpdateProductCommand(
            id, EntityTags.ParseIfMatch(Request), request.Name, request.Description, request.Price, request.CategoryId), ct));

    [HttpPost("{id}/publish")]
    [ProducesResponseType<AdminProductResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    [ResponseHeader(StatusCodes.Status200OK, "ETag", EntityTags.Description)]
    public async Task<AdminProductResponse> Publish(Guid id, CancellationToken ct) =>
        WithETag(await mediator.Send(new ChangeProductStatusCommand(id, ProductStatusAction.Publish), ct));

    [HttpPost("{id}/unpublish")]
    [ProducesResponseType<AdminProductResponse>(StatusCodes.Status200OK)]
    [ResponseHeader(StatusCodes.Status200OK, "ETag", EntityTags.Description)]
    public async Task<AdminProductResponse> Unpublish(Guid id, CancellationToken ct) =>
        WithETag(await mediator.Send(new ChangeProductStatusCommand(id, ProductStatusAction.Unpublish), ct));

    [HttpPost("{id}/archive")]
    [ProducesResponseType<AdminProductResponse>(StatusCodes.Status200OK)]
    [ResponseHeader(StatusCodes.Status200OK, "ETag", EntityTags.Description)]
    public async Task<AdminProductResponse> Archive(Guid id, CancellationToken ct) =>
        WithETag(await mediator.Send(new ChangeProductStatusCommand(id, ProductStatusAction.Archive), ct));

    /// <summary>Adds or removes stock by <c>delta</c>; 409 when stock would go below zero.</summary>
    [HttpPost("{id}/stock")]
    [ProducesResponseType<AdminProductResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    [ResponseHeader(StatusCodes.Status200OK, "ETag", EntityTags.Description)]
    public async Task<AdminProductResponse> AdjustStock(Guid id, AdjustStockRequest request, CancellationToken ct) =>
        WithETag(await mediator.Send(new AdjustStockCommand(id, request.Delta), ct));

    private AdminProductResponse WithETag(AdminProductResponse product)
    {
        Response.SetETag(product.Version);
        return product;
    }
}
