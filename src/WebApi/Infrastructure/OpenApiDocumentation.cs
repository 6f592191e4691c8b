using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>, every environment) describes the API as it answers. Nothing here
/// names a route: what each operation gets is read from its metadata, so a new controller is documented as it is
/// written.
/// <list type="bullet">
/// <item>names and types come from the same JSON options as the wire (snake_case, enums as strings, money as a
/// decimal number, times as date-time strings);</item>
/// <item><c>[Authorize]</c> → the bearer scheme, 401 and (with a policy) 403; a body → 400, 413, 415; a route id → 404;
/// <c>/api/v1/auth</c> → 429 with <c>Retry-After</c>; every API operation → 503; every error is
/// <c>application/problem+json</c>;</item>
/// <item><see cref="RequestHeaderAttribute"/>, <see cref="ResponseHeaderAttribute"/>, <see cref="OneOfAttribute"/> and
/// <see cref="ValidatedAsAttribute"/> (limits from the FluentValidation validator) add what the types cannot say.</item>
/// </list>
/// </summary>
public static class OpenApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string BearerScheme = "bearer";
    public const string ProblemSchema = "Problem";
    public const string ValidationProblemSchema = "ValidationProblem";
    private const string HealthSchema = "HealthReport";
    private const string Json = "application/json";

    public static IServiceCollection AddShopOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddSchemaTransformer(TransformSchemaAsync);
            options.AddOperationTransformer(TransformOperationAsync);
            options.AddDocumentTransformer(TransformDocumentAsync);
        });

    private static Task TransformSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        var core = underlying ?? type;
        var nullable = underlying is not null ? JsonSchemaType.Null : 0;
        if (core == typeof(decimal))
        {
            // MoneyJsonConverter: always a JSON number with two places; a string is refused.
            schema.Type = JsonSchemaType.Number | nullable;
            schema.Format = "decimal";
            schema.Pattern = null;
        }
        else if (core.IsEnum)
        {
            schema.Type = JsonSchemaType.String | nullable; // JsonStringEnumConverter: the lower-case names, never numbers
        }
        else if (core == typeof(int) && schema.Minimum is null && schema.Maximum is null)
        {
            schema.Minimum = int.MinValue.ToString(CultureInfo.InvariantCulture); // validators narrow these for requests
            schema.Maximum = int.MaxValue.ToString(CultureInfo.InvariantCulture);
        }
        else if (core == typeof(DateTimeOffset))
        {
            schema.Type = JsonSchemaType.String | nullable;
            schema.Format = "date-time";
            schema.Pattern = null;
        }

        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(OneOfAttribute), true) is [OneOfAttribute oneOf, ..])
        {
            schema.Enum = oneOf.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        }

        if (type.Name.EndsWith("Request", StringComparison.Ordinal) && schema.Properties is not null)
        {
            DescribeRequest(schema, context);
        }

        return Task.CompletedTask;
    }

    /// <summary>A request record: nullable fields are optional; limits come from the command's validator.</summary>
    private static void DescribeRequest(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var nullability = new NullabilityInfoContext();
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (property.AttributeProvider is PropertyInfo info
                && (Nullable.GetUnderlyingType(info.PropertyType) is not null || nullability.Create(info).ReadState == NullabilityState.Nullable))
            {
                schema.Required?.Remove(property.Name);
            }
        }

        if (context.JsonTypeInfo.Type.GetCustomAttribute<ValidatedAsAttribute>() is not { } validatedAs
            || context.ApplicationServices.GetService(typeof(IValidator<>).MakeGenericType(validatedAs.Command)) is not IValidator validator)
        {
            return;
        }

        var rules = validator.CreateDescriptor().GetMembersWithValidators();
        foreach (var (name, property) in schema.Properties!)
        {
            if (property is not OpenApiSchema field)
            {
                continue;
            }

            // A field the route may take from elsewhere (the refresh token from its cookie) stays optional.
            var optional = validatedAs.Optional.Contains(name, StringComparer.Ordinal);
            foreach (var (component, options) in rules[name])
            {
                Describe(field, component);
                if (component is INotEmptyValidator or INotNullValidator && !options.HasCondition && !options.HasAsyncCondition && !optional)
                {
                    schema.Required ??= new HashSet<string>();
                    schema.Required.Add(name);
                    field.Type &= ~JsonSchemaType.Null;
                }
            }
        }
    }

    private static void Describe(OpenApiSchema field, IPropertyValidator component)
    {
        switch (component)
        {
            case INotEmptyValidator when field.Type?.HasFlag(JsonSchemaType.String) == true && field.Format is null:
                field.MinLength = Math.Max(field.MinLength ?? 0, 1);
                break;
            case ILengthValidator length:
                if (length.Min > 0)
                {
                    field.MinLength = length.Min;
                }

                if (length.Max > 0)
                {
                    field.MaxLength = length.Max;
                }

                break;
            case IBetweenValidator between:
                field.Minimum = Number(between.From);
                field.Maximum = Number(between.To);
                break;
            case IComparisonValidator { ValueToCompare: { } value } comparison:
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThanOrEqual:
                        field.Minimum = Number(value);
                        break;
                    case Comparison.GreaterThan:
                        field.ExclusiveMinimum = Number(value);
                        break;
                    case Comparison.LessThanOrEqual:
                        field.Maximum = Number(value);
                        break;
                    case Comparison.LessThan:
                        field.ExclusiveMaximum = Number(value);
                        break;
                }

                break;
            case IEmailValidator:
                field.Format = "email";
                break;
            case IRegularExpressionValidator regex:
                field.Pattern = regex.Expression;
                break;
        }
    }

    private static string? Number(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture);

    private static Task TransformOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        if (description.ActionDescriptor is ControllerActionDescriptor action)
        {
            operation.OperationId ??= $"{action.ControllerName}_{action.ActionName}";
            operation.Summary ??= Humanize(action.ActionName);
            foreach (var header in action.MethodInfo.GetCustomAttributes<RequestHeaderAttribute>())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = header.Name,
                    In = ParameterLocation.Header,
                    Required = header.Required,
                    Description = header.Description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }

            foreach (var cookie in action.MethodInfo.GetCustomAttributes<RequestCookieAttribute>())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = cookie.Name,
                    In = ParameterLocation.Cookie,
                    Description = cookie.Description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
        }

        DescribeParameters(operation, description);

        // JSON only: no text/plain or text/json alternatives, which generated clients would pick first.
        if (operation.RequestBody?.Content is { } requestContent)
        {
            KeepOnly(requestContent, Json);
        }

        operation.Responses ??= [];
        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse answer)
            {
                continue;
            }

            answer.Description = Reason(status);
            if (answer.Content is { } content)
            {
                KeepOnly(content, Json);
                if (!content.TryGetValue(Json, out var media) || media.Schema is null)
                {
                    answer.Content = null; // e.g. a 200 or 204 that sends no body
                }
            }
        }

        var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (secured)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            AddProblem(operation, document, 401, "A valid bearer access token is required (missing, invalid, expired or revoked).");
            if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null))
            {
                AddProblem(operation, document, 403, "Your role does not allow this operation.");
            }
        }

        var hasBody = operation.RequestBody is not null;
        if (hasBody || operation.Parameters is { Count: > 0 })
        {
            AddProblem(operation, document, 400, "The request is invalid: `errors` names each field and what is wrong with it.", ValidationProblemSchema);
        }

        if (description.ParameterDescriptions.Any(p => p.Source.Id == "Path"))
        {
            AddProblem(operation, document, 404, "Not found, or not yours.");
        }

        if (hasBody)
        {
            AddProblem(operation, document, 413, "The body is larger than the route accepts (16 KiB on /api/v1/auth, 1 MiB elsewhere).");
            AddProblem(operation, document, 415, "The body is not `application/json`.");
        }

        var path = "/" + description.RelativePath;
        if (path.StartsWith(RateLimiting.AuthPath, StringComparison.OrdinalIgnoreCase))
        {
            AddProblem(operation, document, 429, "Too many requests from this address, or too many failed logins for this email.")
                .Headers![HeaderNames.RetryAfter] = Header("Seconds to wait before trying again.", JsonSchemaType.Integer);
        }

        AddProblem(operation, document, 503, "The database is unavailable; nothing was changed. Try again shortly.");

        // Every other error status an action declares (409, 412, 428...) is problem details too.
        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse answer && int.TryParse(status, CultureInfo.InvariantCulture, out var code) && code >= 400
                && answer.Content?.ContainsKey(ShopProblemDetailsWriter.MediaType) != true)
            {
                answer.Content = ProblemContent(document, ProblemSchema);
            }

            if (response is OpenApiResponse unauthorized && status == "401")
            {
                unauthorized.Headers ??= new Dictionary<string, IOpenApiHeader>();
                unauthorized.Headers[HeaderNames.WWWAuthenticate] = Header("`Bearer`.");
            }
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse answer && status == "201")
            {
                answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
                answer.Headers[HeaderNames.Location] = Header("The address of the created resource.");
            }
        }

        if (description.ActionDescriptor is ControllerActionDescriptor described)
        {
            foreach (var header in described.MethodInfo.GetCustomAttributes<ResponseHeaderAttribute>())
            {
                if (operation.Responses.TryGetValue(header.Status.ToString(CultureInfo.InvariantCulture), out var response) && response is OpenApiResponse answer)
                {
                    answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    answer.Headers[header.Name] = Header(header.Description);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Allowed values and paging limits of query parameters.</summary>
    private static void DescribeParameters(OpenApiOperation operation, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter { Schema: OpenApiSchema schema } documented)
            {
                continue;
            }

            var source = description.ParameterDescriptions.FirstOrDefault(p => p.Name == documented.Name)?.ParameterDescriptor as ControllerParameterDescriptor;
            if (source?.ParameterInfo.GetCustomAttribute<OneOfAttribute>() is { } oneOf)
            {
                schema.Enum = oneOf.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
            }

            if (documented.In == ParameterLocation.Query && documented.Name == "page")
            {
                schema.Minimum = "1";
                schema.Maximum = PagingDocumentation.MaxPage.ToString(CultureInfo.InvariantCulture);
            }
            else if (documented.In == ParameterLocation.Query && documented.Name == "page_size")
            {
                schema.Minimum = "1";
                schema.Maximum = PagingDocumentation.MaxPageSize.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    private static OpenApiResponse AddProblem(OpenApiOperation operation, OpenApiDocument document, int status, string description, string schema = ProblemSchema)
    {
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse declared)
        {
            declared.Content ??= ProblemContent(document, schema);
            declared.Headers ??= new Dictionary<string, IOpenApiHeader>();
            return declared;
        }

        var response = new OpenApiResponse
        {
            Description = description,
            Content = ProblemContent(document, schema),
            Headers = new Dictionary<string, IOpenApiHeader>(),
        };
        operation.Responses[key] = response;
        return response;
    }

    private static Dictionary<string, OpenApiMediaType> ProblemContent(OpenApiDocument document, string schema) => new()
    {
        [ShopProblemDetailsWriter.MediaType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(schema, document) },
    };

    private static OpenApiHeader Header(string description, JsonSchemaType type = JsonSchemaType.String) =>
        new()
        {
            Description = description,
            Schema = type == JsonSchemaType.Integer
                ? new OpenApiSchema { Type = type, Format = "int32", Minimum = "1", Maximum = "86400" } // Retry-After: seconds
                : new OpenApiSchema { Type = type },
        };

    private static void KeepOnly(IDictionary<string, OpenApiMediaType> content, string mediaType)
    {
        foreach (var key in content.Keys.Where(k => k != mediaType).ToList())
        {
            content.Remove(key);
        }
    }

    private static string Reason(string status) =>
        int.TryParse(status, CultureInfo.InvariantCulture, out var code) ? ReasonPhrases.GetReasonPhrase(code) : status;

    /// <summary>"LogoutAll" → "Logout all".</summary>
    private static string Humanize(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static Task TransformDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Shop API",
            Version = "v1",
            Description = "An e-commerce backend: catalogue, cart, orders, an admin panel and security operations, behind a " +
                "two-token scheme (a 30-minute bearer access JWT and a 7-day opaque refresh token rotated on every use). " +
                "JSON in and out with snake_case names; every error is RFC 9457 problem details.",
            Contact = new OpenApiContact { Name = "Shop", Url = new Uri("https://shop.local/") },
            License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://shop.local/license") },
        };
        document.Servers =
        [
            new OpenApiServer
            {
                Url = "/",
                Description = "Production, or any environment: the host that serves this document.",
                Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(JsonValue.Create(false)) },
            },
        ];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The `access_token` from POST /api/v1/auth/login or /refresh, valid 30 minutes. Issued and checked " +
                "following RFC8725 (JWT best current practices): one algorithm (HS256), an explicit type (`at+jwt`), issuer, " +
                "audience and expiry always validated, never read from a query string.",
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.Remove("ProblemDetails");
        document.Components.Schemas[ProblemSchema] = Problem(validation: false);
        document.Components.Schemas[ValidationProblemSchema] = Problem(validation: true);
        document.Components.Schemas[HealthSchema] = Health();

        AddHealth(document, "/health/live", "Liveness", "The process answers: 200 whenever it runs; no check is made.");
        AddHealth(document, "/health/ready", "Readiness",
            "200 when the database answers (`degraded` when Redis is configured and lost); 503 when the database does not.");

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var (name, text) in TagDescriptions)
        {
            document.Tags.Add(new OpenApiTag { Name = name, Description = text });
        }

        return Task.CompletedTask;
    }

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Auth"] = "Registration, login, refresh-token rotation, logout and the caller's sessions.",
        ["Catalog"] = "Published products and categories; no token needed.",
        ["Cart"] = "The caller's cart.",
        ["Orders"] = "Checkout from the cart and the caller's orders.",
        ["AdminProducts"] = "Products in every status, with ETag and If-Match (admin).",
        ["AdminCategories"] = "Categories (admin).",
        ["AdminOrders"] = "Every customer's orders and their status (admin).",
        ["AdminUsers"] = "Users and roles (admin).",
        ["Security"] = "Sessions, revocation, lockout and the audit log (admin or ops).",
        ["Health"] = "Liveness and readiness for load balancers.",
    };

    private static OpenApiSchema Problem(bool validation)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = validation
                ? "RFC 9457 problem details of a 400: `errors` maps each snake_case field name to its messages."
                : "RFC 9457 problem details.",
            Required = new HashSet<string> { "type", "title", "status", "trace_id" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the kind of problem." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What happened, for a person." },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["trace_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote it when reporting the problem." },
                ["short_product_ids"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                    Description = "On a checkout 409: the products short of stock.",
                },
            },
            AdditionalPropertiesAllowed = true,
        };
        if (validation)
        {
            schema.Required.Add("errors");
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }

        return schema;
    }

    private static OpenApiSchema Health()
    {
        var status = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [JsonValue.Create("healthy"), JsonValue.Create("degraded"), JsonValue.Create("unhealthy")],
        };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "status", "checks" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = status,
                ["checks"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "status" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["status"] = status,
                            ["description"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        },
                    },
                },
            },
        };
    }

    private static void AddHealth(OpenApiDocument document, string path, string name, string description)
    {
        OpenApiMediaType Body() => new() { Schema = new OpenApiSchemaReference(HealthSchema, document) };
        var operation = new OpenApiOperation
        {
            OperationId = $"Health_{name}",
            Summary = name,
            Description = description,
            Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse { Description = "OK", Content = new Dictionary<string, OpenApiMediaType> { [Json] = Body() } },
                ["503"] = new OpenApiResponse { Description = "Service Unavailable", Content = new Dictionary<string, OpenApiMediaType> { [Json] = Body() } },
            },
        };
        document.Paths.Add(path, new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } });
    }
}
