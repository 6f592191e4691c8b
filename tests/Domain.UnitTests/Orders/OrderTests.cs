using Shop.Domain.Common;
using Shop.Domain.Orders;

namespace Shop.Domain.UnitTests.Orders;

public sealed class OrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    private static Order NewOrder() =>
        Order.Place(Guid.NewGuid(), [(Guid.NewGuid(), "Mug", 4.50m, 2), (Guid.NewGuid(), "Tea", 3.25m, 1)], Now);

    [Fact]
    public void Place_SnapshotsLines_AndTotalsThem()
    {
        var order = NewOrder();

        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal([9.00m, 3.25m], order.Lines.Select(l => l.LineTotal));
        Assert.Equal(12.25m, order.Total);
        Assert.Equal(Now, UuidV7.Timestamp(order.Id));
    }

    [Fact]
    public void Place_RefusesAnEmptyOrder_AndAProductTwice()
    {
        var id = Guid.NewGuid();

        Assert.Throws<DomainException>(() => Order.Place(Guid.NewGuid(), [], Now));
        Assert.Throws<DomainException>(() => Order.Place(Guid.NewGuid(), [(id, "A", 1m, 1), (id, "A", 1m, 1)], Now));
        Assert.Equal("quantity", Assert.Throws<InvalidValueException>(() => Order.Place(Guid.NewGuid(), [(id, "A", 1m, 0)], Now)).Field);
    }

    [Fact]
    public void TheHappyPath_IsPendingPaidShippedDelivered_AndEachStepChangesTheVersion()
    {
        var order = NewOrder();
        var versions = new HashSet<Guid> { order.Version };

        order.MarkPaid(Now);
        Assert.True(versions.Add(order.Version));
        order.Ship(Now);
        Assert.True(versions.Add(order.Version));
        order.Deliver(Now.AddDays(2));
        Assert.True(versions.Add(order.Version));

        Assert.Equal(OrderStatus.Delivered, order.Status);
        Assert.Equal(Now.AddDays(2), order.UpdatedAt);
    }

    [Theory]
    [InlineData(OrderStatus.Pending, OrderStatus.Shipped)]
    [InlineData(OrderStatus.Pending, OrderStatus.Delivered)]
    [InlineData(OrderStatus.Pending, OrderStatus.Pending)]
    [InlineData(OrderStatus.Paid, OrderStatus.Paid)]
    [InlineData(OrderStatus.Paid, OrderStatus.Delivered)]
    [InlineData(OrderStatus.Paid, OrderStatus.Pending)]
    [InlineData(OrderStatus.Shipped, OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Shipped, OrderStatus.Paid)]
    [InlineData(OrderStatus.Delivered, OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Delivered, OrderStatus.Shipped)]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Paid)]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Cancelled)]
    public void AForbiddenTransition_Throws_AndChangesNothing(OrderStatus from, OrderStatus to)
    {
        var order = In(from);
        var version = order.Version;

        Assert.Throws<DomainException>(() => order.TransitionTo(to, Now));

        Assert.Equal(from, order.Status);
        Assert.Equal(version, order.Version);
    }

    [Theory]
    [InlineData(OrderStatus.Pending)]
    [InlineData(OrderStatus.Paid)]
    public void PendingAndPaidOrders_CanBeCancelled(OrderStatus from)
    {
        var order = In(from);

        order.TransitionTo(OrderStatus.Cancelled, Now);

        Assert.Equal(OrderStatus.Cancelled, order.Status);
    }

    private static Order In(OrderStatus status)
    {
        var order = NewOrder();
        switch (status)
        {
            case OrderStatus.Paid: order.MarkPaid(Now); break;
            case OrderStatus.Shipped: order.MarkPaid(Now); order.Ship(Now); break;
            case OrderStatus.Delivered: order.MarkPaid(Now); order.Ship(Now); order.Deliver(Now); break;
            case OrderStatus.Cancelled: order.Cancel(Now); break;
        }

        return order;
    }
}
