using Shop.Domain.Common;

namespace Shop.Domain.Carts;

/// <summary>The one server-side cart of a user: product ids and quantities. Prices are never stored
/// here; the cart always shows the current price, and checkout snapshots it into the order.</summary>
public sealed class Cart
{
    public const int MinQuantity = 1;
    public const int MaxQuantity = 100;
    public const int MaxLines = 100;

    private readonly List<CartItem> _items = [];

    private Cart() { } // for EF

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<CartItem> Items => _items;

    public static Cart StartFor(Guid userId, DateTimeOffset now, Guid? id = null) =>
        new() { Id = id ?? UuidV7.New(now), UserId = userId, CreatedAt = now, UpdatedAt = now };

    /// <summary>Sets the quantity of a product (adding the line if it is new).</summary>
    public void SetQuantity(Guid productId, int quantity, DateTimeOffset now)
    {
        if (quantity is < MinQuantity or > MaxQuantity)
        {
            throw new InvalidValueException("quantity", $"A quantity is between {MinQuantity} and {MaxQuantity}.");
        }

        var item = _items.Find(i => i.ProductId == productId);
        if (item is null)
        {
            if (_items.Count >= MaxLines)
            {
                throw new DomainException($"A cart holds at most {MaxLines} different products.");
            }

            _items.Add(new CartItem(Id, productId, quantity));
        }
        else
        {
            item.Quantity = quantity;
        }

        UpdatedAt = now;
    }
}

public sealed class CartItem
{
    private CartItem() { } // for EF

    internal CartItem(Guid cartId, Guid productId, int quantity)
    {
        CartId = cartId;
        ProductId = productId;
        Quantity = quantity;
    }

    public Guid CartId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Quantity { get; internal set; }
}
