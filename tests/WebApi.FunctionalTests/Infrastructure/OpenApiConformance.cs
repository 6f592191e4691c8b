using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Shop.WebApi.FunctionalTests.Infrastructure;

/// <summary>
/// The committed OpenAPI document (<c>docs/openapi/v1.json</c>) as a checker of real exchanges. Every response the
/// functional tests receive through <see cref="ApiTestBase"/>'s clients is held against it: its status must be
/// documented for the operation, its media type too, its JSON body must satisfy the documented schema, and any of
/// the API's own headers it carries (<c>ETag</c>, <c>Location</c>, <c>Retry-After</c>, <c>Idempotent-Replayed</c>,
/// <c>WWW-Authenticate</c>, <c>Set-Cookie</c>) must be documented for that status. A request the API accepted (2xx) must itself have
/// been valid by the document (its JSON body, its query parameters, its required headers), so the document is never
/// stricter than the API either.
/// </summary>
public sealed class OpenApiConformance
{
    private static readonly string[] CheckedHeaders = ["ETag", "Location", "Retry-After", "Idempotent-Replayed", "WWW-Authenticate", "Set-Cookie"];
    private static readonly Lazy<OpenApiConformance> Committed = new(() => new OpenApiConformance(File.ReadAllText(DocumentPath)));

    private readonly JsonObject _document;
    private readonly JsonObject _definitions;
    private readonly List<(Regex Pattern, string Template)> _paths;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    public OpenApiConformance(string document)
    {
        // JSON Schema 2020-12 resolves "#/$defs/X" in the schema itself: the components become the $defs of each schema.
        _document = JsonNode.Parse(document.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
        _definitions = _document["components"]?["schemas"]?.AsObject() ?? [];
        _paths = _document["paths"]!.AsObject()
            .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^/]+?}", "[^/]+") + "$"), p.Key))
            .OrderBy(p => p.Key.Contains('{', StringComparison.Ordinal)) // literal segments win over templates
            .Select(p => (p.Item1, p.Key))
            .ToList();
    }

    public static OpenApiConformance Instance => Committed.Value;

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Shop.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Shop.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string DocumentPath => Path.Combine(RepositoryRoot, "docs", "openapi", "v1.json");

    /// <summary>What is wrong with this exchange by the document; empty when it conforms or the route is not the API's.</summary>
    public IReadOnlyList<string> Check(string method, string path, string? query, IReadOnlyDictionary<string, string> requestHeaders,
        string? requestMediaType, string? requestBody, int status, string? mediaType, string body, ISet<string> responseHeaders)
    {
        var problems = new List<string>();
        if (method == "OPTIONS" || !(path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/health/", StringComparison.Ordinal)))
        {
            return problems;
        }

        var template = _paths.FirstOrDefault(p => p.Pattern.IsMatch(path)).Template;
        var operation = template is null ? null : _document["paths"]![template]![method.ToLowerInvariant()]?.AsObject();
        if (operation is null)
        {
            // An unknown route or method: the API answers 404/405 problem details, which the document cannot list.
            if (status is 404 or 405)
            {
                return problems;
            }

            problems.Add($"{method} {path}: no such operation in the document, yet it answered {status}");
            return problems;
        }

        var where = $"{method} {template} → {status}";
        var responses = operation["responses"]!.AsObject();
        var response = responses[status.ToString(CultureInfo.InvariantCulture)] ?? responses["default"];
        if (response is null)
        {
            problems.Add($"{where}: status {status} is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))})");
            return problems;
        }

        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            if (body.Length > 0)
            {
                problems.Add($"{where}: the document says no body, the API sent {mediaType}: {Cut(body)}");
            }
        }
        else if (mediaType is null || content[mediaType] is not { } media)
        {
            problems.Add($"{where}: media type {mediaType ?? "(none)"} is not documented (documented: {string.Join(", ", content.Select(c => c.Key))})");
        }
        else if (media["schema"] is { } schema)
        {
            problems.AddRange(Validate($"{where} body", schema, body));
        }

        var documentedHeaders = response["headers"]?.AsObject().Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        foreach (var header in CheckedHeaders.Where(responseHeaders.Contains).Where(h => !documentedHeaders.Contains(h)))
        {
            problems.Add($"{where}: header {header} is not documented for this status");
        }

        if (status is >= 200 and < 300)
        {
            problems.AddRange(CheckAcceptedRequest(where, operation, query, requestHeaders, requestMediaType, requestBody));
        }

        return problems;
    }

    private IEnumerable<string> CheckAcceptedRequest(string where, JsonObject operation, string? query,
        IReadOnlyDictionary<string, string> headers, string? mediaType, string? body)
    {
        var values = ParseQuery(query);
        foreach (var parameter in operation["parameters"]?.AsArray().Select(p => p!.AsObject()) ?? [])
        {
            var name = parameter["name"]!.GetValue<string>();
            var location = parameter["in"]!.GetValue<string>();
            var required = parameter["required"]?.GetValue<bool>() == true;
            string? value = location switch
            {
                "query" => values.GetValueOrDefault(name),
                "header" => headers.GetValueOrDefault(name),
                _ => null,
            };
            if (location is "query" or "header" && value is null && required)
            {
                yield return $"{where}: accepted without the required {location} parameter {name}";
            }

            if (location == "query" && value is not null && parameter["schema"] is { } schema)
            {
                foreach (var problem in Validate($"{where} query {name}", schema, QueryValueAsJson(schema, value)))
                {
                    yield return problem;
                }
            }
        }

        if (operation["requestBody"]?["content"]?.AsObject() is { } content && !string.IsNullOrEmpty(body))
        {
            if (mediaType is null || content[mediaType]?["schema"] is not { } schema)
            {
                yield return $"{where}: accepted a {mediaType} body the document does not list";
            }
            else
            {
                foreach (var problem in Validate($"{where} request body", schema, body))
                {
                    yield return problem;
                }
            }
        }
    }

    private IEnumerable<string> Validate(string where, JsonNode schema, string json)
    {
        JsonDocument instance;
        try
        {
            instance = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return [$"{where}: not JSON: {Cut(json)}"];
        }

        using (instance)
        {
            var compiled = _schemas.GetOrAdd(schema.ToJsonString(), text =>
            {
                var root = JsonNode.Parse(text)!.AsObject();
                root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
                root["$defs"] = _definitions.DeepClone();
                return JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://shop.test/openapi/{Guid.NewGuid():N}"));
            });
            var result = compiled.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid)
            {
                return [];
            }

            var errors = (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))
                .Distinct()
                .Take(5);
            return [$"{where}: does not match its schema: {string.Join("; ", errors)} in {Cut(json)}"];
        }
    }

    /// <summary>A query value as the JSON the schema describes: a number for numeric schemas, a string otherwise.</summary>
    private static string QueryValueAsJson(JsonNode schema, string value)
    {
        var type = schema["type"]?.ToJsonString() ?? "";
        var numeric = type.Contains("integer", StringComparison.Ordinal) || type.Contains("number", StringComparison.Ordinal);
        if (type.Contains("boolean", StringComparison.Ordinal) && bool.TryParse(value, out var flag))
        {
            return flag ? "true" : "false";
        }

        return numeric && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
            ? value
            : JsonSerializer.Serialize(value);
    }

    private static Dictionary<string, string> ParseQuery(string? query)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            values[Uri.UnescapeDataString(parts[0])] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "";
        }

        return values;
    }

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>Holds every exchange of a test client against the committed OpenAPI document; a violation fails the test.</summary>
public sealed class OpenApiConformanceHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? requestBody = null;
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            requestBody = bytes.Length <= 64 * 1024 ? System.Text.Encoding.UTF8.GetString(bytes) : null;
        }

        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);

        var requestHeaders = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(",", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        var responseHeaders = response.Headers.Concat(response.Content.Headers).Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var uri = request.RequestUri!;
        var problems = OpenApiConformance.Instance.Check(
            request.Method.Method, uri.AbsolutePath, uri.Query, requestHeaders, request.Content?.Headers.ContentType?.MediaType, requestBody,
            (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, responseHeaders);
        if (problems.Count > 0)
        {
            var report = Environment.GetEnvironmentVariable("SHOP_OPENAPI_CONFORMANCE_REPORT");
            if (!string.IsNullOrEmpty(report))
            {
                await File.AppendAllLinesAsync(report, problems, cancellationToken); // discovery mode: list, do not fail
            }
            else
            {
                throw new OpenApiConformanceException(string.Join(Environment.NewLine, problems));
            }
        }

        return response;
    }
}

/// <summary>An exchange that the OpenAPI document does not describe.</summary>
public sealed class OpenApiConformanceException(string message) : Exception("The API and docs/openapi/v1.json disagree:" + Environment.NewLine + message);
