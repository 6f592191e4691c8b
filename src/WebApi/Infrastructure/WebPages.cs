using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// The storefront and the admin panel, served from <c>wwwroot</c> by the API's own host (docs/decisions/025):
/// <list type="bullet">
/// <item><c>/</c> (and <c>/index.html</c>) the storefront shell, <c>/admin</c>, <c>/admin/…</c> (and <c>/admin.html</c>) the
/// admin shell; any other GET that no endpoint answers, outside the API's own prefixes, whose last segment has no dot and
/// that accepts <c>text/html</c> is a client-side route of the storefront (<c>/reset-password?token=…</c>, <c>/cart</c>): the
/// storefront shell. Shells: <c>Cache-Control: no-cache</c> and an ETag (304 on <c>If-None-Match</c>).</item>
/// <item><c>wwwroot/assets/**</c> at <c>/assets/{version}/…</c>, where the version is a short hash of every asset's path and
/// content computed at start-up: <c>Cache-Control: public, max-age=31536000, immutable</c>. The same files at
/// <c>/assets/…</c> are served with <c>no-cache</c>. Every <c>/assets/</c> reference in the shells, style sheets and
/// scripts is rewritten to <c>/assets/{version}/</c> once at start-up; relative imports inherit the version.</item>
/// <item>Brotli and gzip of every text file, compressed once at start-up and chosen by <c>Accept-Encoding</c>
/// (<c>Vary: Accept-Encoding</c>).</item>
/// </list>
/// Everything is read into memory once: a change to wwwroot needs a restart (it is part of the release).
/// </summary>
public sealed partial class WebPages
{
    public const string AssetsPrefix = "/assets";
    public const string ImmutableCaching = "public, max-age=31536000, immutable";
    public const string Revalidate = "no-cache";

    /// <summary>Paths that are never pages: the API, health, the OpenAPI document, metrics and the API reference.</summary>
    private static readonly string[] NotPages = ["/api", "/health", "/openapi", "/metrics", "/scalar"];

    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    private readonly FrozenDictionary<string, Resource> _assets;
    private readonly FrozenDictionary<string, Resource> _rootFiles;

    private WebPages(string version, Resource? storefront, Resource? admin, Dictionary<string, Resource> assets, Dictionary<string, Resource> rootFiles)
    {
        Version = version;
        Storefront = storefront;
        Admin = admin;
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
        _rootFiles = rootFiles.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The short content hash of every asset, the first segment of the versioned asset paths.</summary>
    public string Version { get; }

    public Resource? Storefront { get; }

    public Resource? Admin { get; }

    public static bool IsPagePath(PathString path)
    {
        foreach (var prefix in NotPages)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads, rewrites and compresses everything under <paramref name="webRoot"/> (none when it is missing).</summary>
    public static WebPages Load(string? webRoot)
    {
        var root = webRoot is not null && Directory.Exists(webRoot) ? webRoot : null;
        var assetsFolder = root is null ? null : Path.Combine(root, "assets");
        var assetFiles = assetsFolder is not null && Directory.Exists(assetsFolder)
            ? Directory.EnumerateFiles(assetsFolder, "*", SearchOption.AllDirectories)
                .Select(file => (Name: Path.GetRelativePath(assetsFolder, file).Replace('\\', '/'), File: file))
                .Where(f => !f.Name.Split('/').Any(segment => segment.StartsWith('.')))
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToList()
            : [];

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var contents = new List<(string Name, byte[] Bytes)>(assetFiles.Count);
        foreach (var (name, file) in assetFiles)
        {
            var bytes = File.ReadAllBytes(file);
            hash.AppendData(Encoding.UTF8.GetBytes(name + "\0"));
            hash.AppendData(bytes);
            hash.AppendData("\0"u8);
            contents.Add((name, bytes));
        }

        var version = Convert.ToHexStringLower(hash.GetHashAndReset())[..10];
        var assets = contents.ToDictionary(c => c.Name, c => Resource.Create(c.Name, c.Bytes, version), StringComparer.Ordinal);

        var rootFiles = new Dictionary<string, Resource>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in root is null ? [] : Directory.EnumerateFiles(root))
        {
            var name = Path.GetFileName(file);
            if (!name.StartsWith('.'))
            {
                rootFiles[name] = Resource.Create(name, File.ReadAllBytes(file), version);
            }
        }

        return new WebPages(version, rootFiles.GetValueOrDefault("index.html"), rootFiles.GetValueOrDefault("admin.html"), assets, rootFiles);
    }

    /// <summary>Answers the request when it is a page or an asset; otherwise leaves it to what follows (a 404 problem).</summary>
    public Task? TryServe(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return null;
        }

        var path = request.Path;
        if (path.StartsWithSegments(AssetsPrefix, StringComparison.Ordinal, out var rest))
        {
            var name = rest.Value?.TrimStart('/') ?? "";
            var versioned = name.StartsWith(Version + "/", StringComparison.Ordinal);
            var asset = _assets.GetValueOrDefault(versioned ? name[(Version.Length + 1)..] : name);
            return asset is null ? null : asset.WriteAsync(context, versioned ? ImmutableCaching : Revalidate);
        }

        if (path.Value is "/" or "/index.html")
        {
            return Storefront?.WriteAsync(context, Revalidate);
        }

        if (path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase) || path.Value == "/admin.html")
        {
            return Admin?.WriteAsync(context, Revalidate);
        }

        if (!IsPagePath(path))
        {
            return null;
        }

        var value = path.Value ?? "/";
        var last = value[(value.LastIndexOf('/') + 1)..];
        if (value.LastIndexOf('/') == 0 && _rootFiles.TryGetValue(last, out var file))
        {
            return file.WriteAsync(context, Revalidate); // favicon.ico, robots.txt
        }

        // A client-side route of the storefront, asked for by a browser: the shell, whose script shows the route.
        return !last.Contains('.') && AcceptsHtml(request) ? Storefront?.WriteAsync(context, Revalidate) : null;
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".js"] = "text/javascript; charset=utf-8";
        provider.Mappings[".mjs"] = "text/javascript; charset=utf-8";
        provider.Mappings[".css"] = "text/css; charset=utf-8";
        provider.Mappings[".html"] = "text/html; charset=utf-8";
        provider.Mappings[".svg"] = "image/svg+xml";
        provider.Mappings[".json"] = "application/json";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        provider.Mappings[".txt"] = "text/plain; charset=utf-8";
        return provider;
    }

    /// <summary><c>"/assets/</c>, <c>'/assets/</c>, <c>(/assets/</c>…: a reference to an asset by its absolute path.</summary>
    [GeneratedRegex("""(?<=["'`(,\s])/assets/""")]
    private static partial Regex AssetReference();

    /// <summary>One file as served: its bytes, and its Brotli and gzip forms when they are smaller.</summary>
    public sealed class Resource
    {
        private Resource(string contentType, Representation identity, Representation? brotli, Representation? gzip)
        {
            ContentType = contentType;
            Identity = identity;
            Brotli = brotli;
            Gzip = gzip;
        }

        public string ContentType { get; }

        public Representation Identity { get; }

        public Representation? Brotli { get; }

        public Representation? Gzip { get; }

        public static Resource Create(string name, byte[] bytes, string version)
        {
            var contentType = ContentTypes.TryGetContentType(name, out var type) ? type : "application/octet-stream";
            var text = contentType.StartsWith("text/", StringComparison.Ordinal)
                || contentType is "image/svg+xml" or "application/json" or "application/manifest+json";
            if (contentType.StartsWith("text/html", StringComparison.Ordinal)
                || contentType.StartsWith("text/css", StringComparison.Ordinal)
                || contentType.StartsWith("text/javascript", StringComparison.Ordinal))
            {
                var source = Encoding.UTF8.GetString(bytes);
                var rewritten = AssetReference().Replace(source, $"{AssetsPrefix}/{version}/");
                bytes = rewritten == source ? bytes : Encoding.UTF8.GetBytes(rewritten);
            }

            var tag = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
            var identity = new Representation(bytes, null, $"\"{tag}\"");
            if (!text)
            {
                return new Resource(contentType, identity, null, null);
            }

            var brotli = Compress(bytes, stream => new BrotliStream(stream, CompressionLevel.SmallestSize));
            var gzip = Compress(bytes, stream => new GZipStream(stream, CompressionLevel.SmallestSize));
            return new Resource(
                contentType,
                identity,
                brotli.Length < bytes.Length ? new Representation(brotli, "br", $"\"{tag}-br\"") : null,
                gzip.Length < bytes.Length ? new Representation(gzip, "gzip", $"\"{tag}-gz\"") : null);
        }

        public Task WriteAsync(HttpContext context, string cacheControl)
        {
            var chosen = Choose(context.Request);
            var response = context.Response;
            var headers = response.Headers;
            headers.CacheControl = cacheControl;
            headers.Vary = HeaderNames.AcceptEncoding;
            headers.ETag = chosen.ETag;
            if (IsNotModified(context.Request))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ContentType;
            response.ContentLength = chosen.Bytes.Length;
            if (chosen.Encoding is not null)
            {
                headers.ContentEncoding = chosen.Encoding;
            }

            return HttpMethods.IsHead(context.Request.Method)
                ? Task.CompletedTask
                : response.Body.WriteAsync(chosen.Bytes, context.RequestAborted).AsTask();
        }

        /// <summary>Brotli when the client takes it, else gzip, else the file as it is.</summary>
        private Representation Choose(HttpRequest request)
        {
            if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var encodings))
            {
                return Identity;
            }

            bool Takes(string coding) => encodings.Any(e =>
                (e.Value.Equals(coding, StringComparison.OrdinalIgnoreCase) || e.Value.Equals("*", StringComparison.Ordinal)) && e.Quality is not 0);
            return Brotli is not null && Takes("br") ? Brotli
                : Gzip is not null && Takes("gzip") ? Gzip
                : Identity;
        }

        /// <summary>Any form of this file matches (weak comparison, RFC 9110 §13.1.2): the client has its content.</summary>
        private bool IsNotModified(HttpRequest request)
        {
            if (!EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags))
            {
                return false;
            }

            string[] mine = [Identity.ETag, Brotli?.ETag ?? Identity.ETag, Gzip?.ETag ?? Identity.ETag];
            return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || mine.Contains(t.Tag.ToString(), StringComparer.Ordinal));
        }

        private static byte[] Compress(byte[] bytes, Func<Stream, Stream> compressor)
        {
            using var output = new MemoryStream();
            using (var stream = compressor(output))
            {
                stream.Write(bytes);
            }

            return output.ToArray();
        }
    }

    public sealed record Representation(byte[] Bytes, string? Encoding, string ETag);
}

public static class WebPagesExtensions
{
    /// <summary>Loads wwwroot once (see <see cref="WebPages"/>).</summary>
    public static IServiceCollection AddWebPages(this IServiceCollection services) =>
        services.AddSingleton(provider => WebPages.Load(provider.GetRequiredService<IWebHostEnvironment>().WebRootPath));

    /// <summary>After the endpoints are matched: answers only what no endpoint answers, so the API's 404 and 405 stay.</summary>
    public static IApplicationBuilder UseWebPages(this IApplicationBuilder app)
    {
        var pages = app.ApplicationServices.GetRequiredService<WebPages>();
        return app.Use((context, next) =>
            context.GetEndpoint() is null && pages.TryServe(context) is { } serving ? serving : next(context));
    }
}
