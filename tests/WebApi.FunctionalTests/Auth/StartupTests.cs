using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

public sealed class StartupTests
{
    [Theory]
    [InlineData("", "Jwt:SigningKey")]
    [InlineData("too-short-key", "at least 32 bytes")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "too easy to guess")]
    [InlineData("abcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", "openssl rand -base64 48")]
    [InlineData("super-secret-key-1234567890!!!!!!", "too easy to guess")]
    public async Task OutsideDevelopment_TheApiRefusesToStartWithoutAProperSigningKey_AndSaysWhichSetting(string key, string expected)
    {
        await using var tier = new SqliteTier();
        await tier.StartAsync();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Shop", tier.ConnectionString);
            builder.UseSetting("Jwt:SigningKey", key);
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(expected, Flatten(error));
        Assert.Contains("Jwt:SigningKey", Flatten(error));
    }

    [Fact]
    public async Task TheSeededAdmin_CanLogIn_WithTheConfiguredPassword_AndIsAnAdmin()
    {
        await using var fixture = new SqliteApi();
        await fixture.InitializeAsync();
        var client = fixture.Api.CreateClient();

        var login = await client.PostAsJsonAsync("/api/v1/auth/login",
            new { email = ShopApiFactory.AdminEmail, password = ShopApiFactory.AdminPassword }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = (await login.Content.ReadFromJsonAsync<TokenDto>(ApiTestBase.Json, TestContext.Current.CancellationToken))!;
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);
        var me = await client.GetFromJsonAsync<UserDto>("/api/v1/auth/me", ApiTestBase.Json, TestContext.Current.CancellationToken);
        Assert.Equal("admin", me!.Role);
    }

    [Fact]
    public async Task Health_LiveAndReady_Answer200()
    {
        await using var fixture = new SqliteApi();
        await fixture.InitializeAsync();
        var client = fixture.Api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public void StartedFromAnotherFolder_TheContentRootIsTheApplicationsFolder_UnlessTheWorkingDirectoryHasTheSettings()
    {
        var root = Directory.CreateTempSubdirectory("shop-content-root-");
        try
        {
            var app = Directory.CreateDirectory(Path.Combine(root.FullName, "app")).FullName;
            var elsewhere = Directory.CreateDirectory(Path.Combine(root.FullName, "elsewhere")).FullName;
            File.WriteAllText(Path.Combine(app, Shop.WebApi.Infrastructure.ContentRoot.SettingsFile), "{}");

            Assert.Equal(app, Shop.WebApi.Infrastructure.ContentRoot.Choose(elsewhere, app, explicitlySet: false));
            Assert.Null(Shop.WebApi.Infrastructure.ContentRoot.Choose(app, app, explicitlySet: false));
            Assert.Null(Shop.WebApi.Infrastructure.ContentRoot.Choose(elsewhere, app, explicitlySet: true));
            File.WriteAllText(Path.Combine(elsewhere, Shop.WebApi.Infrastructure.ContentRoot.SettingsFile), "{}");
            Assert.Null(Shop.WebApi.Infrastructure.ContentRoot.Choose(elsewhere, app, explicitlySet: false));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
