using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;
using Shop.Domain.Users;
using Shop.Infrastructure.Persistence;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Shopping;

/// <summary>Helpers for the shop's tests: catalogue set-up through the admin API, customers, and the response shapes.</summary>
public abstract class ShopTestBase(ApiFixture fixture) : ApiTestBase(fixture)
{
    private TestUser? _admin;

    /// <summary>The seeded admin, logged in once per test.</summary>
    protected async Task<HttpClient> AdminClientAsync() => (_admin ??= await AdminAsync()).Client;

    protected static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}";

    protected async Task<CategoryDto> NewCategoryAsync(string? name = null)
    {
        var admin = await AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/categories", new { name = name ?? Unique("Category") }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CategoryDto>(Json, Ct))!;
    }

    /// <summary>A product made through the admin API (published unless told otherwise).</summary>
    protected async Task<AdminProductDto> NewProductAsync(
        decimal price = 10m, int stock = 10, bool publish = true, string? name = null, string? description = null, Guid? categoryId = null)
    {
        var admin = await AdminClientAsync();
        var category = categoryId ?? (await NewCategoryAsync()).Id;
        var response = await admin.PostAsJsonAsync("/api/v1/admin/products", new
        {
            name = name ?? Unique("Product"),
            description = description ?? "A product made by a test.",
            price,
            stock,
            category_id = category,
            publish,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AdminProductDto>(Json, Ct))!;
    }

    protected async Task<int> StockOfAsync(Guid productId) =>
        await WithDbAsync(db => db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync(Ct));

    protected static async Task<CartDto> PutInCartAsync(HttpClient client, Guid productId, int quantity)
    {
        var response = await client.PutAsJsonAsync($"/api/v1/cart/items/{productId}", new { quantity }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CartDto>(Json, Ct))!;
    }

    protected static Task<HttpResponseMessage> CheckoutAsync(HttpClient client, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request, Ct);
    }

    protected static async Task<OrderDto> PlaceOrderAsync(HttpClient client, string? idempotencyKey = null)
    {
        var response = await CheckoutAsync(client, idempotencyKey);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrderDto>(Json, Ct))!;
    }

    /// <summary>
    /// Many customers at once, for the concurrency tests: rows and sessions written directly and access
    /// tokens signed by the API's own issuer (logging 50 users in would test the password hasher, not checkout).
    /// </summary>
    protected async Task<IReadOnlyList<HttpClient>> ManyCustomersAsync(int count)
    {
        var tokens = new List<string>();
        await using (var scope = Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var issuer = scope.ServiceProvider.GetRequiredService<IAccessTokenIssuer>();
            var now = Api.Time.GetUtcNow();
            for (var i = 0; i < count; i++)
            {
                var user = User.Register(NewEmail("load"), "Load Customer", "no-password-login", Role.Customer, now);
                var session = Session.Start(user.Id, now, TimeSpan.FromDays(1), null, null);
                db.Users.Add(user);
                db.Sessions.Add(session);
                tokens.Add(issuer.Issue(user.Id, Role.Customer, session.Id, now, session.ExpiresAt).Value);
            }

            await db.SaveChangesAsync(Ct);
        }

        return tokens.Select(Bearer).ToList();
    }

    /// <summary>The problem's extension member, e.g. <c>short_product_ids</c>.</summary>
    protected static async Task<JsonElement> ProblemMemberAsync(HttpResponseMessage response, string name)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(document.RootElement.TryGetProperty(name, out var member), $"the problem has no '{name}'");
        return member.Clone();
    }
}

public sealed record PageDto<T>(List<T> Items, int Page, int PageSize, int Total);

public sealed record CategoryDto(Guid Id, string Name, string Slug);

public sealed record ProductDto(Guid Id, string Name, string Description, decimal Price, int Stock, CategoryDto Category);

public sealed record AdminProductDto(
    Guid Id, string Name, string Description, decimal Price, int Stock, string Status, Guid Version, CategoryDto Category);

public sealed record CartItemDto(Guid ProductId, string? Name, decimal? UnitPrice, int Quantity, decimal LineTotal, bool Available = true);

public sealed record CartDto(List<CartItemDto> Items, decimal Total);

public sealed record OrderItemDto(Guid ProductId, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record OrderDto(Guid Id, string Status, List<OrderItemDto> Items, decimal Total, DateTimeOffset CreatedAt);

public sealed record AdminOrderDto(Guid Id, Guid UserId, string Status, List<OrderItemDto> Items, decimal Total);

public sealed record AdminUserDto(Guid Id, string Email, string FullName, string Role, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt);
