using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shop.Application.Admin.Categories.CreateCategory;
using Shop.Application.Admin.Categories.DeleteCategory;
using Shop.Application.Admin.Categories.GetCategory;
using Shop.Application.Admin.Categories.UpdateCategory;
using Shop.Application.Catalog.Common;
using Shop.Application.Catalog.ListCategories;
using Shop.WebApi.Infrastructure;

namespace Shop.WebApi.Controllers;

[ApiController]
[Route("api/v1/admin/categories")]
[Authorize(Policy = Policies.Admin)]
public sealed class AdminCategoriesController(IMediator mediator) : ControllerBase
{
    /// <param name="Slug">Optional: made from the name when absent.</param>
    [ValidatedAs(typeof(CreateCategoryCommand))]
    public sealed record CategoryRequest(string Name, string? Slug);

    [HttpGet]
    public async Task<IReadOnlyList<CategoryResponse>> List(CancellationToken ct) =>
        await mediator.Send(new ListCategoriesQuery(), ct);

    [HttpGet("{id}")]
    public async Task<CategoryResponse> Get(Guid id, CancellationToken ct) =>
        await mediator.Send(new GetCategoryQuery(id), ct);

    [HttpPost]
    [ProducesResponseType<CategoryResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<CategoryResponse>> Create(CategoryRequest request, CancellationToken ct)
    {
        var category = await mediator.Send(new CreateCategoryCommand(request.Name, request.Slug), ct);
        return Created($"/api/v1/admin/categories/{category.Id}", category);
    }

    [HttpPut("{id}")]
    [ProducesResponseType<CategoryResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<CategoryResponse> Update(Guid id, CategoryRequest request, CancellationToken ct) =>
        await mediator.Send(new UpdateCategoryCommand(id, request.Name, request.Slug), ct);

    /// <summary>409 while any product (archived ones too) is in the category.</summary>
    [HttpDelete("{id}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken ct)
    {
        await mediator.Send(new DeleteCategoryCommand(id), ct);
        return NoContent();
    }
}
