using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Infrastructure.Security;

/// <summary>
/// What the token handler lets through and an access token of this API never has (defence in depth, for
/// a leaked key): a <c>crit</c> header (no extension is understood, so RFC 7515 §4.1.11 says reject), a
/// member named twice in the header or the claims (parsers disagree on which one wins), and a
/// <c>role</c> that is not exactly one string (an array would grant every role it lists).
/// </summary>
public static class StrictJwt
{
    /// <summary>Why the token is refused, or null when it is well-formed.</summary>
    public static string? Violation(JsonWebToken token)
    {
        try
        {
            var header = Base64UrlEncoder.DecodeBytes(token.EncodedHeader);
            var payload = Base64UrlEncoder.DecodeBytes(token.EncodedPayload);
            if (HasDuplicateMembers(header) || HasDuplicateMembers(payload))
            {
                return "a member appears twice";
            }

            using var headerJson = JsonDocument.Parse(header);
            if (headerJson.RootElement.TryGetProperty("crit", out _))
            {
                return "the crit header is not supported";
            }

            using var payloadJson = JsonDocument.Parse(payload);
            return payloadJson.RootElement.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String
                ? null
                : "role must be one string";
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            return "malformed";
        }
    }

    private static bool HasDuplicateMembers(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        var scopes = new Stack<HashSet<string>?>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    scopes.Push(new HashSet<string>(StringComparer.Ordinal));
                    break;
                case JsonTokenType.StartArray:
                    scopes.Push(null);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    scopes.Pop();
                    break;
                case JsonTokenType.PropertyName when scopes.Peek() is { } names:
                    if (!names.Add(reader.GetString()!))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }
}
