using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Shop.Application.Common.Options;
using Shop.Infrastructure.Catalog;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// The public catalogue's answers (product list, product detail, categories) from ASP.NET Core's output
/// cache. They are the same for every caller: the cache sits before authentication, so a request with a
/// bearer token gets the same cached answer as an anonymous one without its token being read, and only the
/// catalogue's endpoints carry the policy (nothing under /auth, /cart, /orders or /admin is ever stored).
/// Each answer is tagged (<see cref="CatalogPageTags"/>); a committed change to a product or category evicts
/// what it affects here at once and on every other instance through the catalogue announcement
/// (<see cref="Shop.Infrastructure.Persistence.AfterCommitEffects"/>). An answer lives
/// <c>Catalog:PageCacheSeconds</c> at most, which bounds how far the stock shown lags behind checkouts.
/// </summary>
public static class CatalogPageCache
{
    public const string ListPolicy = "catalog-products";
    public const string ProductPolicy = "catalog-product";
    public const string CategoriesPolicy = "catalog-categories";

    /// <summary>The query parameters the product list reads; any other parameter does not change the answer.</summary>
    private static readonly string[] ListQueryKeys = ["page", "page_size", "q", "category", "min_price", "max_price", "sort"];

    public static IServiceCollection AddCatalogPageCache(this IServiceCollection services)
    {
        services.AddOutputCache(options =>
        {
            options.SizeLimit = 32 * 1024 * 1024; // past it, new answers are not stored until old ones expire
            options.MaximumBodySize = 1024 * 1024;
        });

        // The store behind the output cache, wrapped so that an answer read before a change never lands after
        // its eviction (see CatalogPageStore).
        var memory = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(memory);
        services.AddSingleton(sp => new CatalogPageStore((IOutputCacheStore)memory.ImplementationFactory!(sp)));
        services.AddSingleton<IOutputCacheStore>(sp => sp.GetRequiredService<CatalogPageStore>());
        services.Replace(ServiceDescriptor.Singleton<ICatalogPageCache>(sp => sp.GetRequiredService<CatalogPageStore>()));

        services.Configure<OutputCacheOptions>(options =>
        {
            options.AddPolicy(ListPolicy, new CatalogPagePolicy(ListQueryKeys, _ => CatalogPageTags.Lists));
            options.AddPolicy(ProductPolicy, new CatalogPagePolicy([], context =>
                Guid.TryParse(context.Request.RouteValues["id"] as string, out var id) ? CatalogPageTags.Product(id) : null));
            options.AddPolicy(CategoriesPolicy, new CatalogPagePolicy([], _ => CatalogPageTags.Categories));
        });
        return services;
    }

    /// <summary>Serves the catalogue's answers from the cache; before authentication, so a token is not even read on a hit.</summary>
    public static IApplicationBuilder UseCatalogPageCache(this IApplicationBuilder app) => app.UseOutputCache();
}

/// <summary>
/// One catalogue endpoint's caching: GET only, the same answer for every caller (only the query parameters
/// the endpoint reads and the CORS <c>Origin</c> vary it), 200 answers only, tagged for eviction.
/// </summary>
internal sealed class CatalogPagePolicy(string[] queryKeys, Func<HttpContext, string?> tag) : IOutputCachePolicy
{
    /// <summary>The host's store and answer lifetime, resolved by the first request (each host builds its own policies).</summary>
    private Resolved? _resolved;

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
    {
        // From the request's services, not the constructor: the store is built from the output cache's options.
        var (store, lifetime) = _resolved ??= Resolve(context.HttpContext.RequestServices);
        var request = context.HttpContext.Request;
        var specific = tag(context.HttpContext);
        var cacheable = HttpMethods.IsGet(request.Method) && !SecurityHeaders.IsPersonal(request.Path) && specific is not null;
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true; // concurrent misses of one answer wait for the first instead of all reading the database
        context.ResponseExpirationTimeSpan = lifetime;
        context.CacheVaryByRules.QueryKeys = queryKeys;
        context.CacheVaryByRules.HeaderNames = HeaderNames.Origin; // CORS answers name the origin
        if (cacheable)
        {
            context.Tags.Add(CatalogPageTags.All);
            context.Tags.Add(specific!);
            context.Tags.Add(store.GenerationTag()); // taken before the database is read
        }

        return ValueTask.CompletedTask;
    }

    private static Resolved Resolve(IServiceProvider services) => new(
        services.GetRequiredService<CatalogPageStore>(),
        TimeSpan.FromSeconds(services.GetRequiredService<IOptions<CatalogOptions>>().Value.PageCacheSeconds));

    private sealed record Resolved(CatalogPageStore Store, TimeSpan Lifetime);

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.SetCookie.Count > 0
            || response.Headers.CacheControl.Any(v => v is not null && (v.Contains("no-store", StringComparison.OrdinalIgnoreCase) || v.Contains("private", StringComparison.OrdinalIgnoreCase))))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The output cache's store, with evictions by tag for <see cref="ICatalogPageCache"/>. An eviction starts a
/// new generation; an answer is stored only if no eviction happened since its request started (its
/// generation tag, taken before the database was read, is still the current one), so a page read before a
/// change committed can never be stored after the change's eviction. Storing and evicting take turns.
/// </summary>
public sealed class CatalogPageStore(IOutputCacheStore inner) : IOutputCacheStore, ICatalogPageCache
{
    private const string GenerationPrefix = "catalog-generation:";
    private readonly SemaphoreSlim _turn = new(1, 1);
    private long _generation;
    private string _generationTag = GenerationPrefix + "0"; // built once per generation, not on every request

    public string GenerationTag() => Volatile.Read(ref _generationTag);

    public async ValueTask EvictAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(CancellationToken.None);
        try
        {
            Volatile.Write(ref _generationTag, GenerationPrefix + Interlocked.Increment(ref _generation));
            foreach (var tag in tags)
            {
                await inner.EvictByTagAsync(tag, CancellationToken.None);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => EvictAsync([tag], cancellationToken);

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var generation = tags?.FirstOrDefault(t => t.StartsWith(GenerationPrefix, StringComparison.Ordinal));
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (generation is not null && generation != GenerationTag())
            {
                return; // read before an eviction: it may hold what the change replaced
            }

            await inner.SetAsync(key, value, tags?.Where(t => !ReferenceEquals(t, generation)).ToArray(), validFor, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }
}

/// <summary>
/// A catalogue answer's ETag, a hash of its JSON body, and <c>304 Not Modified</c> when the request's
/// <c>If-None-Match</c> names it. A cached answer keeps its ETag, and the output cache answers 304 to it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CatalogETagAttribute : Attribute, IAsyncResultFilter
{
    public const string Description = "A hash of the answer's body; send it back in If-None-Match to get 304 while it is unchanged.";

    public const string IfNoneMatchDescription = "The ETag of an earlier answer: 304 without a body while the answer is unchanged.";

    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is ObjectResult { Value: { } value } result && (result.StatusCode ?? StatusCodes.Status200OK) == StatusCodes.Status200OK)
        {
            var json = context.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
            var body = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json);
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"";
            context.HttpContext.Response.Headers.ETag = etag;
            context.Result = Matches(context.HttpContext.Request.Headers.IfNoneMatch, etag)
                ? new StatusCodeResult(StatusCodes.Status304NotModified)
                : new JsonBody(body);
        }

        await next();
    }

    /// <summary>If-None-Match compares weakly: <c>W/"x"</c> matches <c>"x"</c>, and <c>*</c> matches any.</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag) =>
        ifNoneMatch.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Any(tag => tag == "*" || (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag) == etag);

    /// <summary>The body already serialised for the ETag, written as MVC's JSON formatter would.</summary>
    private sealed class JsonBody(byte[] body) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body, context.HttpContext.RequestAborted).AsTask();
        }
    }
}
