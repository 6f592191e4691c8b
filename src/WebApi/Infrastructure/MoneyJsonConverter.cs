using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// Every decimal the API writes is money: always two places (<c>20.00</c>, <c>19.90</c>), whatever
/// scale the database gave back (SQLite returns <c>19.9</c>, PostgreSQL <c>19.90</c>).
/// </summary>
public sealed class MoneyJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteRawValue(decimal.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture), skipInputValidation: true);
}
