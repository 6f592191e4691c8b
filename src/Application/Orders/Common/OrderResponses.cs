using System.Linq.Expressions;
using Shop.Domain.Orders;

namespace Shop.Application.Orders.Common;

public sealed record OrderItemResponse(Guid ProductId, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

/// <summary>An order as its customer sees it.</summary>
public sealed record OrderResponse(Guid Id, OrderStatus Status, IReadOnlyList<OrderItemResponse> Items, decimal Total, DateTimeOffset CreatedAt);

/// <summary>An order as the admin panel sees it: whose it is, and when it last changed.</summary>
public sealed record AdminOrderResponse(
    Guid Id,
    Guid UserId,
    OrderStatus Status,
    IReadOnlyList<OrderItemResponse> Items,
    decimal Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public static class OrderProjections
{
    public static readonly Expression<Func<Order, OrderResponse>> ToResponse = o => new OrderResponse(
        o.Id,
        o.Status,
        o.Lines.OrderBy(l => l.LineNo)
            .Select(l => new OrderItemResponse(l.ProductId, l.Name, l.UnitPrice, l.Quantity, l.LineTotal))
            .ToList(),
        o.Total,
        o.CreatedAt);

    public static readonly Expression<Func<Order, AdminOrderResponse>> ToAdminResponse = o => new AdminOrderResponse(
        o.Id,
        o.UserId,
        o.Status,
        o.Lines.OrderBy(l => l.LineNo)
            .Select(l => new OrderItemResponse(l.ProductId, l.Name, l.UnitPrice, l.Quantity, l.LineTotal))
            .ToList(),
        o.Total,
        o.CreatedAt,
        o.UpdatedAt);

    private static readonly Func<Order, OrderResponse> ToResponseInMemory = ToResponse.Compile();
    private static readonly Func<Order, AdminOrderResponse> ToAdminResponseInMemory = ToAdminResponse.Compile();

    /// <summary>The same shape from an order already in memory (after a write).</summary>
    public static OrderResponse Response(this Order order) => ToResponseInMemory(order);

    public static AdminOrderResponse AdminResponse(this Order order) => ToAdminResponseInMemory(order);
}
