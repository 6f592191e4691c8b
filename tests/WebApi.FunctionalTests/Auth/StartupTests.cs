using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Auth;

public sealed class StartupTests
{
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

    [Theory]
    [InlineData("Jwt__AccessTokenExpireMinutes", "0", "'Jwt:AccessTokenExpireMinutes' (environment variable Jwt__AccessTokenExpireMinutes) must be between 1 and 1440 minutes (it is 0).")]
    [InlineData("Jwt__RefreshReuseGraceSeconds", "61", "'Jwt:RefreshReuseGraceSeconds' (environment variable Jwt__RefreshReuseGraceSeconds) must be between 0 and 60 seconds (it is 61).")]
    [InlineData("Cleanup__BatchSize", "9000", "'Cleanup:BatchSize' (environment variable Cleanup__BatchSize) must be between 1 and 4000 (it is 9000).")]
    [InlineData("Revocation__PollIntervalSeconds", "0", "'Revocation:PollIntervalSeconds' (environment variable Revocation__PollIntervalSeconds) must be between 0.05 and 60 seconds (it is 0).")]
    [InlineData("RateLimit__AuthPerIpPerMinute", "0", "'RateLimit:AuthPerIpPerMinute' (environment variable RateLimit__AuthPerIpPerMinute) must be between 1 and 1000000 requests (it is 0).")]
    [InlineData("Jwt__SigningKey", "too-short-key", "'Jwt:SigningKey' (environment variable Jwt__SigningKey) is 13 bytes; at least 32 bytes (256 bits) are required")]
    [InlineData("Jwt__SigningKey", "", "'Jwt:SigningKey' (environment variable Jwt__SigningKey) is not set: set it to a random secret of at least 32 bytes")]
    [InlineData("Jwt__SigningKey", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "'Jwt:SigningKey' (environment variable Jwt__SigningKey) is too easy to guess (1 different bytes")]
    [InlineData("Jwt__SigningKey", "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", "make a random one with `openssl rand -base64 48`")]
    [InlineData("Jwt__SigningKey", "super-secret-key-1234567890!!!!!!", "is too easy to guess")]
    public async Task OutsideDevelopment_AMissingOrOutOfRangeSetting_StopsTheProcess_WithOneLineNamingTheKey(string variable, string value, string expected)
    {
        var database = Path.Combine(Path.GetTempPath(), $"shop-startup-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Shop.WebApi.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["ConnectionStrings__Shop"] = $"Data Source={database}",
                ["Jwt__SigningKey"] = "a-test-signing-key-of-more-than-32-bytes-0123456789",
                ["App__PublicBaseUrl"] = "https://shop.test",
                [variable] = value,
            },
        };

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("The API cannot start: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", await stdout + stderr); // no stack frame
        Assert.False(File.Exists(database), "nothing was started: no database was made");
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
}
