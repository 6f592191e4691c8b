using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.WebApi.Infrastructure;

/// <summary>The API's JSON: snake_case names, lower-case enum strings, UTC times to the millisecond ending in Z
/// (every database keeps at least that), bounded depth.</summary>
public static class JsonDefaults
{
    public const int MaxDepth = 32;

    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.MaxDepth = MaxDepth;
        options.NumberHandling = JsonNumberHandling.Strict; // a number is a JSON number: "2" is refused, as the document says
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.Converters.Add(new MoneyJsonConverter());
    }

    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
