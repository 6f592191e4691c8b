using System.Reflection;
using Shop.Application.Common;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// Documents a string field or parameter as one of fixed values: the lower-case names of an enum
/// (<c>typeof(OrderStatus)</c>) or the <c>public const string</c> fields of a static class (<c>typeof(ProductSort)</c>).
/// Documentation only: the use case's validator is what refuses other values.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false)]
public sealed class OneOfAttribute(Type source) : Attribute
{
    public Type Source { get; } = source;

    public IReadOnlyList<string> Values => Source.IsEnum
        ? Enum.GetNames(Source).Select(n => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n)).ToArray()
        : Source.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Distinct() // an alias such as ProductSort.Default names a value twice
            .ToArray();
}

/// <summary>The request record is validated as <see cref="Command"/>: the OpenAPI document takes its fields' limits
/// (lengths, ranges, required) from that command's FluentValidation validator.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ValidatedAsAttribute(Type command) : Attribute
{
    public Type Command { get; } = command;

    /// <summary>Fields (JSON names) the body may omit although the command needs them: the route finds them elsewhere.</summary>
    public string[] Optional { get; init; } = [];
}

/// <summary>A request header the operation reads (documented as a header parameter).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class RequestHeaderAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    public bool Required { get; init; }
}

/// <summary>A cookie the operation reads (documented as a cookie parameter, never required).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class RequestCookieAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;
}

/// <summary>A header the operation sets on a response of the given status.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class ResponseHeaderAttribute(int status, string name, string description) : Attribute
{
    public int Status { get; } = status;

    public string Name { get; } = name;

    public string Description { get; } = description;
}

/// <summary>Helpers shared by the attributes' readers.</summary>
internal static class PagingDocumentation
{
    public const int MaxPage = 1_000_000;

    public static int MaxPageSize => PagingRules.MaxPageSize;
}
