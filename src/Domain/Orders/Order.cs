using Shop.Domain.Common;

namespace Shop.Domain.Orders;

public enum OrderStatus
{
    Pending = 0,
    Paid = 1,
    Shipped = 2,
    Delivered = 3,
    Cancelled = 4,
}

/// <summary>
/// A placed order. Names and prices are snapshots taken at checkout, so the order reads the same
/// whatever happens to the products later. Status moves only through the state machine:
/// pending → paid → shipped → delivered, or pending/paid → cancelled.
/// </summary>
public sealed class Order
{
    private readonly List<OrderLine> _lines = [];

    private Order() { } // for EF

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public OrderStatus Status { get; private set; }
    public decimal Total { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Changes with every status change: two concurrent transitions cannot both win.</summary>
    public Guid Version { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    public static Order Place(Guid userId, IEnumerable<(Guid ProductId, string Name, decimal UnitPrice, int Quantity)> lines, DateTimeOffset now, Guid? id = null)
    {
        var order = new Order
        {
            Id = id ?? UuidV7.New(now),
            UserId = userId,
            Status = OrderStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            Version = Guid.NewGuid(),
        };
        foreach (var (productId, name, unitPrice, quantity) in lines)
        {
            if (order._lines.Exists(l => l.ProductId == productId))
            {
                throw new DomainException("An order names each product once.");
            }

            order._lines.Add(new OrderLine(order.Id, order._lines.Count + 1, productId, name, unitPrice, quantity));
        }

        if (order._lines.Count == 0)
        {
            throw new DomainException("An order has at least one line.");
        }

        order.Total = order._lines.Sum(l => l.LineTotal);
        return order;
    }

    /// <summary>True when cancelling hands the stock back (every cancellable status does).</summary>
    public bool CanCancel => Status is OrderStatus.Pending or OrderStatus.Paid;

    public void MarkPaid(DateTimeOffset now) => Move(OrderStatus.Pending, OrderStatus.Paid, now);

    public void Ship(DateTimeOffset now) => Move(OrderStatus.Paid, OrderStatus.Shipped, now);

    public void Deliver(DateTimeOffset now) => Move(OrderStatus.Shipped, OrderStatus.Delivered, now);

    public void Cancel(DateTimeOffset now)
    {
        if (!CanCancel)
        {
            throw new DomainException($"A {Name(Status)} order cannot be cancelled.");
        }

        Set(OrderStatus.Cancelled, now);
    }

    /// <summary>A customer cancels their own order only while it is pending: once paid, cancelling (and
    /// refunding) is the shop's decision.</summary>
    public void CancelByCustomer(DateTimeOffset now)
    {
        if (Status != OrderStatus.Pending)
        {
            throw new DomainException($"Only a pending order can be cancelled; this one is {Name(Status)}.");
        }

        Cancel(now);
    }

    /// <summary>The one entry point for "set the status to X" requests; refuses what the machine forbids.</summary>
    public void TransitionTo(OrderStatus target, DateTimeOffset now)
    {
        switch (target)
        {
            case OrderStatus.Paid: MarkPaid(now); break;
            case OrderStatus.Shipped: Ship(now); break;
            case OrderStatus.Delivered: Deliver(now); break;
            case OrderStatus.Cancelled: Cancel(now); break;
            default: throw new DomainException($"An order cannot move from {Name(Status)} to {Name(target)}.");
        }
    }

    private void Move(OrderStatus from, OrderStatus to, DateTimeOffset now)
    {
        if (Status != from)
        {
            throw new DomainException($"An order cannot move from {Name(Status)} to {Name(to)}.");
        }

        Set(to, now);
    }

    private void Set(OrderStatus status, DateTimeOffset now)
    {
        Status = status;
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    private static string Name(OrderStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>One product of an order, with the name and unit price it had at checkout.</summary>
public sealed class OrderLine
{
    private OrderLine() { } // for EF

    internal OrderLine(Guid orderId, int lineNo, Guid productId, string name, decimal unitPrice, int quantity)
    {
        if (quantity <= 0)
        {
            throw new InvalidValueException("quantity", "A line orders at least one unit.");
        }

        if (unitPrice < 0)
        {
            throw new InvalidValueException("unit_price", "A price cannot be negative.");
        }

        OrderId = orderId;
        LineNo = lineNo;
        ProductId = productId;
        Name = name;
        UnitPrice = unitPrice;
        Quantity = quantity;
        LineTotal = unitPrice * quantity;
    }

    public Guid OrderId { get; private set; }
    public int LineNo { get; private set; }
    public Guid ProductId { get; private set; }
    public string Name { get; private set; } = "";
    public decimal UnitPrice { get; private set; }
    public int Quantity { get; private set; }
    public decimal LineTotal { get; private set; }
}
