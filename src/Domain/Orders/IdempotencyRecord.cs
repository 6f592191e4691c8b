namespace Shop.Domain.Orders;

/// <summary>
/// Remembers which order an <c>Idempotency-Key</c> of a user produced, so a repeat returns that order.
/// Unique per (user, key): of two racing requests with one key, only one can write its record.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int MaxKeyLength = 100;

    private IdempotencyRecord() { } // for EF

    public Guid UserId { get; private set; }
    public string Key { get; private set; } = "";
    public Guid OrderId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static IdempotencyRecord For(Guid userId, string key, Guid orderId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentOutOfRangeException(nameof(key), $"An idempotency key is at most {MaxKeyLength} characters.");
        }

        return new IdempotencyRecord { UserId = userId, Key = key, OrderId = orderId, CreatedAt = now };
    }
}
