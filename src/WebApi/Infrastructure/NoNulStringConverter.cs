using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// Refuses a JSON string holding U+0000: no text of this API needs one, PostgreSQL cannot store one, and
/// some code downstream would cut the string there. The request is a 400 like any malformed body.
/// </summary>
public sealed class NoNulStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (value is not null && value.Contains('\0', StringComparison.Ordinal))
        {
            throw new JsonException("A string must not contain a NUL character.");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
