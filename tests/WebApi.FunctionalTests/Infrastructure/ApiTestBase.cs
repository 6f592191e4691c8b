using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Domain.Users;
using Shop.Infrastructure.Persistence;

namespace Shop.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// Base of every functional test class. The same tests run once per database tier: a concrete class per
/// tier names its fixture. A tier that cannot run here skips each test with its reason.
/// </summary>
public abstract class ApiTestBase(ApiFixture fixture)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    protected ShopApiFactory Api
    {
        get
        {
            Assert.SkipWhen(fixture.Tier.SkipReason is not null, fixture.Tier.SkipReason ?? "");
            return fixture.Api;
        }
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A client whose every exchange is checked against the committed OpenAPI document.</summary>
    protected HttpClient Anonymous() => Api.CreateConformingClient();

    protected HttpClient Bearer(string accessToken)
    {
        var client = Api.CreateConformingClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    protected static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@shop.test";

    /// <summary>Registers through the API and logs in; the user is a customer.</summary>
    protected async Task<TestUser> NewCustomerAsync(string password = "correct horse battery staple")
    {
        var email = NewEmail();
        var register = await Anonymous().PostAsJsonAsync("/api/v1/auth/register",
            new { email, password, full_name = "Test Customer" }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, register.StatusCode);
        var user = (await register.Content.ReadFromJsonAsync<UserDto>(Json, Ct))!;
        var tokens = await LoginAsync(email, password);
        return new TestUser(user.Id, email, password, tokens, Bearer(tokens.AccessToken));
    }

    /// <summary>A user of the given role: registered through the API, role set in the database, then logged in.</summary>
    protected async Task<TestUser> NewUserAsync(Role role)
    {
        var customer = await NewCustomerAsync();
        if (role == Role.Customer)
        {
            return customer;
        }

        await using (var scope = Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var user = await db.Users.SingleAsync(u => u.Id == customer.Id, Ct);
            user.ChangeRole(role);
            await db.SaveChangesAsync(Ct);
        }

        var tokens = await LoginAsync(customer.Email, customer.Password);
        return customer with { Tokens = tokens, Client = Bearer(tokens.AccessToken) };
    }

    protected async Task<TestUser> AdminAsync()
    {
        var tokens = await LoginAsync(ShopApiFactory.AdminEmail, ShopApiFactory.AdminPassword);
        var me = await Bearer(tokens.AccessToken).GetFromJsonAsync<UserDto>("/api/v1/auth/me", Json, Ct);
        return new TestUser(me!.Id, ShopApiFactory.AdminEmail, ShopApiFactory.AdminPassword, tokens, Bearer(tokens.AccessToken));
    }

    protected async Task<TokenDto> LoginAsync(string email, string password)
    {
        var response = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenDto>(Json, Ct))!;
    }

    protected Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Anonymous().PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = refreshToken }, Ct);

    /// <summary>Runs <paramref name="work"/> against the API's database directly (setup and checks only).</summary>
    protected async Task<T> WithDbAsync<T>(Func<ShopDbContext, Task<T>> work)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ShopDbContext>());
    }

    protected static async Task<ProblemDto> ProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(Json))!;
        Assert.Equal(status, problem.Status);
        return problem;
    }
}

public sealed record TestUser(Guid Id, string Email, string Password, TokenDto Tokens, HttpClient Client);

public sealed record TokenDto(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, int RefreshTokenExpiresIn);

public sealed record UserDto(Guid Id, string Email, string FullName, string Role);

public sealed record ProblemDto(int Status, string Title, string? Detail, Dictionary<string, string[]>? Errors);
