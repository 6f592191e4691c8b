using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Browser;

/// <summary>
/// The storefront and admin shells and their assets, served by the API's host from a web root of known files (so the
/// checks do not depend on what the pages contain): the page headers, client-side routes, versioned immutable assets,
/// precompressed Brotli and gzip, revalidation of the shells, and the API's own 404s left alone.
/// </summary>
public abstract partial class WebPagesTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Theory]
    [InlineData("/", "storefront shell")]
    [InlineData("/index.html", "storefront shell")]
    [InlineData("/reset-password?token=x", "storefront shell")]
    [InlineData("/confirm-email?token=abc", "storefront shell")]
    [InlineData("/products/01900000-0000-7000-8000-000000000000", "storefront shell")]
    [InlineData("/cart", "storefront shell")]
    [InlineData("/account/devices", "storefront shell")]
    [InlineData("/admin", "admin shell")]
    [InlineData("/admin/products/01900000-0000-7000-8000-000000000000", "admin shell")]
    [InlineData("/admin/ops/audit?page=2", "admin shell")]
    public async Task EachPage_IsItsShell_AsHtmlWithTheStrictPageHeaders(string path, string shell)
    {
        var response = await GetAsync(path, accept: "text/html,application/xhtml+xml,*/*;q=0.8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(shell, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct)), StringComparison.Ordinal);
        AssertPageHeaders(response);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task TheShells_PointAtVersionedAssets_ServedImmutableWithTheirContentTypes()
    {
        var html = await (await GetAsync("/", accept: "text/html")).Content.ReadAsStringAsync(Ct);

        var references = AssetReference().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(3, references.Count); // the style sheet, the script and the image
        var version = Assert.Single(references.Select(r => r.Split('/')[2]).Distinct());
        Assert.Matches("^[0-9a-f]{10}$", version);
        Assert.DoesNotContain("\"/assets/css/", html, StringComparison.Ordinal);

        foreach (var (reference, type) in references.Zip(["text/css", "text/javascript", "image/svg+xml"]))
        {
            var asset = await GetAsync(reference);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(type, asset.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
            AssertPageHeaders(asset);
        }

        // An absolute /assets/ reference inside a script is versioned too; a relative import inherits the version.
        var script = await (await GetAsync($"/assets/{version}/js/app.js")).Content.ReadAsStringAsync(Ct);
        Assert.Contains($"\"/assets/{version}/js/util.js\"", script, StringComparison.Ordinal);
        Assert.Contains("\"./util.js\"", script, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/assets/{version}/js/util.js")).StatusCode);
        Assert.Equal(version, (await VersionAsync("/admin")));
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    [InlineData("gzip, deflate, br, zstd")]
    public async Task TextAssetsAndShells_ComePrecompressed_AndDecompressToTheFile(string acceptEncoding)
    {
        var version = await VersionAsync("/");
        var expected = acceptEncoding.Contains("br", StringComparison.Ordinal) ? "br" : "gzip";
        var file = await File.ReadAllBytesAsync(Path.Combine(TestWebRoot.Folder, "assets", "css", "site.css"), Ct);

        var css = await GetAsync($"/assets/{version}/css/site.css", acceptEncoding: acceptEncoding);

        Assert.Equal(expected, Assert.Single(css.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", css.Headers.Vary);
        var compressed = await css.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(compressed.Length < file.Length / 4, $"{compressed.Length} bytes of {file.Length}");
        Assert.Equal(file, Decompress(compressed, expected));

        var shell = await GetAsync("/", accept: "text/html", acceptEncoding: acceptEncoding);
        Assert.Equal(expected, Assert.Single(shell.Content.Headers.ContentEncoding));
        var identity = await (await GetAsync("/", accept: "text/html")).Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(identity, Decompress(await shell.Content.ReadAsByteArrayAsync(Ct), expected));
    }

    [Fact]
    public async Task WithoutAcceptEncoding_OrForAnImage_TheFileComesAsItIs()
    {
        var version = await VersionAsync("/");

        var css = await GetAsync($"/assets/{version}/css/site.css");
        Assert.Empty(css.Content.Headers.ContentEncoding);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(TestWebRoot.Folder, "assets", "css", "site.css"), Ct),
            await css.Content.ReadAsByteArrayAsync(Ct));

        var png = await GetAsync($"/assets/{version}/img/dot.png", acceptEncoding: "br, gzip");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Empty(png.Content.Headers.ContentEncoding);
        Assert.Equal(TestWebRoot.Png, await png.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("/", "")]
    [InlineData("/admin", "")]
    [InlineData("/", "br")]
    public async Task AShellAskedAgainWithItsETag_Is304WithoutABody(string path, string acceptEncoding)
    {
        var first = await GetAsync(path, accept: "text/html", acceptEncoding: acceptEncoding);
        var etag = first.Headers.ETag!.ToString();

        var again = await GetAsync(path, accept: "text/html", acceptEncoding: acceptEncoding, ifNoneMatch: etag);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(etag, again.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(path, accept: "text/html", ifNoneMatch: "\"something-else\"")).StatusCode);
    }

    [Fact]
    public async Task UnversionedAssets_AreServedButRevalidated_AndAnOldVersionIsNotFound()
    {
        var plain = await GetAsync("/assets/css/site.css");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("no-cache", plain.Headers.CacheControl?.ToString());

        await ProblemAsync(await GetAsync("/assets/0123456789/css/site.css"), 404);
        await ProblemAsync(await GetAsync("/assets/css/missing.css"), 404);
    }

    [Fact]
    public async Task AHeadRequest_AnswersTheHeadersWithoutTheBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await Anonymous().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Content.Headers.ContentLength > 0);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("/api/v1/unknown", "text/html")]
    [InlineData("/api/v1/unknown", "application/json")]
    [InlineData("/health/unknown", "text/html")]
    [InlineData("/openapi", "text/html")]
    [InlineData("/metrics/x", "text/html")]
    [InlineData("/missing.png", "text/html")]
    [InlineData("/cart", "application/json")] // not a browser asking for a page
    public async Task WhatIsNotAPage_StaysAProblem404(string path, string accept)
    {
        await ProblemAsync(await GetAsync(path, accept: accept), 404);
    }

    [Fact]
    public async Task TheApi_IsUnchanged_ItsOwnAnswersAndMethodsStay()
    {
        var me = await GetAsync("/api/v1/auth/me", accept: "text/html");
        await ProblemAsync(me, 401);
        Assert.Null(me.Headers.ETag);
        Assert.False(me.Headers.Contains("Content-Security-Policy")); // the page headers are the pages' own

        var wrongMethod = await Anonymous().DeleteAsync("/api/v1/auth/login", Ct);
        await ProblemAsync(wrongMethod, 405);
        var postToAPage = await Anonymous().PostAsync("/cart", new StringContent(""), Ct);
        Assert.True(postToAPage.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{postToAPage.StatusCode}");
    }

    [Fact]
    public async Task ARootFile_IsServed()
    {
        var robots = await GetAsync("/robots.txt");

        Assert.Equal(HttpStatusCode.OK, robots.StatusCode);
        Assert.Equal("text/plain", robots.Content.Headers.ContentType?.MediaType);
        Assert.Equal("User-agent: *\nDisallow: /api/\n", await robots.Content.ReadAsStringAsync(Ct));
    }

    public static void AssertPageHeaders(HttpResponseMessage response)
    {
        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Opener-Policy")));
        var permissions = Assert.Single(response.Headers.GetValues("Permissions-Policy"));
        Assert.Contains("camera=()", permissions, StringComparison.Ordinal);
        Assert.Contains("geolocation=()", permissions, StringComparison.Ordinal);
        Assert.Contains("microphone=()", permissions, StringComparison.Ordinal);
    }

    private async Task<string> VersionAsync(string shell)
    {
        var html = await (await GetAsync(shell, accept: "text/html")).Content.ReadAsStringAsync(Ct);
        return AssetReference().Match(html).Value.Split('/')[2];
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? accept = null, string acceptEncoding = "", string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (acceptEncoding.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return Anonymous().SendAsync(request, Ct);
    }

    private static byte[] Decompress(byte[] bytes, string encoding)
    {
        using var input = new MemoryStream(bytes);
        using Stream stream = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }

    [GeneratedRegex("/assets/[^\"']+")]
    private static partial Regex AssetReference();
}

/// <summary>A web root of known files, written once per test run.</summary>
public static class TestWebRoot
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4, 5, 6, 7, 8];

    private static readonly Lazy<string> Created = new(Create);

    public static string Folder => Created.Value;

    private static string Create()
    {
        var root = Path.Combine(Path.GetTempPath(), $"shop-webroot-{Guid.NewGuid():N}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temporary folder.
            }
        };
        void Write(string name, string text)
        {
            var path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        Write("index.html", """
            <!doctype html><html lang="en"><head><title>Shop</title>
            <link rel="stylesheet" href="/assets/css/site.css"><script type="module" src="/assets/js/app.js"></script></head>
            <body><img src='/assets/img/logo.svg' alt="">storefront shell</body></html>
            """);
        Write("admin.html", """
            <!doctype html><html lang="en"><head><title>Shop admin</title>
            <link rel="stylesheet" href="/assets/css/site.css"><script type="module" src="/assets/js/admin.js"></script></head>
            <body>admin shell</body></html>
            """);
        Write("assets/js/app.js", "import { greet } from \"./util.js\";\nimport \"/assets/js/util.js\";\ngreet();\n");
        Write("assets/js/admin.js", "document.body.dataset.admin = 'yes';\n");
        Write("assets/js/util.js", "export function greet() { document.body.dataset.greeted = 'yes'; }\n");
        Write("assets/css/site.css", string.Concat(Enumerable.Range(0, 200).Select(i => $".item-{i} {{ margin: {i % 7}px; color: #333; }}\n")));
        Write("assets/img/logo.svg", """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#333"/></svg>""");
        Write("robots.txt", "User-agent: *\nDisallow: /api/\n");
        File.WriteAllBytes(Path.Combine(root, "assets", "img", "dot.png"), Png);
        return root;
    }
}

public sealed class PagesSqliteApi : ApiFixture
{
    protected override DatabaseTier CreateTier() => new SqliteTier();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["webroot"] = TestWebRoot.Folder };
}

public sealed class PagesPostgresApi : ApiFixture
{
    protected override DatabaseTier CreateTier() => new PostgresTier();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["webroot"] = TestWebRoot.Folder };
}

[Trait("tier", "sqlite")]
public sealed class WebPagesTestsOnSqlite(PagesSqliteApi fixture) : WebPagesTests(fixture), IClassFixture<PagesSqliteApi>;

[Trait("tier", "postgres")]
public sealed class WebPagesTestsOnPostgres(PagesPostgresApi fixture) : WebPagesTests(fixture), IClassFixture<PagesPostgresApi>;

/// <summary>The pages as shipped in src/WebApi/wwwroot: both shells answer, and every asset they name is served.</summary>
public abstract class ShippedPagesTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/admin")]
    public async Task TheShippedShell_AndEveryAssetItNames_Answer(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        var shell = await Anonymous().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
        Assert.Equal("text/html", shell.Content.Headers.ContentType?.MediaType);
        WebPagesTests.AssertPageHeaders(shell);
        var html = await shell.Content.ReadAsStringAsync(Ct);
        var assets = Regex.Matches(html, "/assets/[0-9a-f]{10}/[^\"']+").Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            var answer = await Anonymous().GetAsync(asset, Ct);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{asset}: {answer.StatusCode}");
            Assert.Equal("public, max-age=31536000, immutable", answer.Headers.CacheControl?.ToString());
        }
    }
}

[Trait("tier", "sqlite")]
public sealed class ShippedPagesTestsOnSqlite(SqliteApi fixture) : ShippedPagesTests(fixture), IClassFixture<SqliteApi>;
