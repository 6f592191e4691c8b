using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Application.Common.UnitOfWork;
using Shop.Application.Orders.Common;
using Shop.Domain.Orders;

namespace Shop.Application.Orders.PlaceOrder;

/// <summary>Checkout: turns the caller's cart into an order. Prices, names, owner and totals come from the
/// server; the request carries nothing but an optional idempotency key.</summary>
[OwnUnitOfWork("The loser of an Idempotency-Key race rolls back and answers with the winner's order.")]
public sealed record PlaceOrderCommand(string? IdempotencyKey) : ICommand<PlaceOrderResult>;

/// <param name="Replayed">True when the key had already produced this order: nothing new was done.</param>
public sealed record PlaceOrderResult(OrderResponse Order, bool Replayed);

public sealed class PlaceOrderCommandHandler(
    IShopDbContext db,
    IUnitOfWork unitOfWork,
    ICurrentUser caller,
    IIdGenerator ids,
    IOptions<AccountOptions> accounts,
    TimeProvider time,
    IDatabaseErrors databaseErrors)
    : ICommandHandler<PlaceOrderCommand, PlaceOrderResult>
{
    public async ValueTask<PlaceOrderResult> Handle(PlaceOrderCommand command, CancellationToken cancellationToken)
    {
        var userId = caller.RequireUserId();
        if (accounts.Value.RequireConfirmedEmailForCheckout
            && !await db.Users.AnyAsync(u => u.Id == userId && u.EmailConfirmedAt != null, cancellationToken))
        {
            throw new ForbiddenException(
                "Confirm your email address before placing an order.",
                new Dictionary<string, object?> { ["email_confirmation_required"] = true });
        }

        var key = command.IdempotencyKey;
        if (key is not null && await FindReplayAsync(userId, key, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        try
        {
            return await unitOfWork.ExecuteAsync(ct => PlaceAsync(userId, key, time.GetUtcNow(), ct), cancellationToken);
        }
        catch (DbUpdateException e) when (key is not null && databaseErrors.IsDuplicateKey(e))
        {
            // The unique (user_id, key) refused our record: a request with the same key won. Ours rolled
            // back (stock included); answer with the order that request made. Any other failure (a timeout,
            // the database gone) is not a lost race and maps as usual.
            return await FindReplayAsync(userId, key, cancellationToken) ?? throw new ConflictException("The order could not be placed; try again.");
        }
    }

    private async ValueTask<PlaceOrderResult> PlaceAsync(Guid userId, string? key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Take the cart's row lock first: checkouts of one user run one after the other, so a second one
        // (a double click, or the same Idempotency-Key racing) sees what the first committed.
        await db.Carts.Where(c => c.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), cancellationToken);
        var cartId = await db.Carts.Where(c => c.UserId == userId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);

        if (key is not null && await FindReplayAsync(userId, key, cancellationToken) is { } racedEarlier)
        {
            return racedEarlier;
        }

        var wanted = cartId is null
            ? []
            : await db.CartItems.AsNoTracking()
                .Where(i => i.CartId == cartId)
                .Select(i => new { i.ProductId, i.Quantity })
                .ToListAsync(cancellationToken);
        if (wanted.Count == 0)
        {
            throw new ValidationException([new ValidationFailure("cart", "The cart is empty.")]);
        }

        // Every line at once, all or nothing: if any product is short, the unit rolls back and no stock moves.
        var shortIds = await StockLedger.TakeAsync(db, wanted.Select(w => (w.ProductId, w.Quantity)), cancellationToken);
        if (shortIds.Count > 0)
        {
            throw new ConflictException(
                "Some products are not available in the quantity ordered.",
                new Dictionary<string, object?> { ["short_product_ids"] = shortIds });
        }

        // The rows are ours until commit, so the names and prices read now are the ones the stock was taken at.
        var productIds = wanted.Select(w => w.ProductId).ToList();
        var products = await db.Products.AsNoTracking()
            .Where(p => productIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.Price })
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var order = Order.Place(
            userId,
            wanted.OrderBy(w => products[w.ProductId].Name, StringComparer.Ordinal)
                .Select(w => (w.ProductId, products[w.ProductId].Name, products[w.ProductId].Price, w.Quantity)),
            now,
            ids.New(now));
        db.Orders.Add(order);
        if (key is not null)
        {
            db.IdempotencyRecords.Add(IdempotencyRecord.For(userId, key, order.Id, now));
        }

        await db.SaveChangesAsync(cancellationToken); // a duplicate key fails here, before the cart is emptied
        await db.CartItems.Where(i => i.CartId == cartId).ExecuteDeleteAsync(cancellationToken);
        return new PlaceOrderResult(order.Response(), Replayed: false);
    }

    private async Task<PlaceOrderResult?> FindReplayAsync(Guid userId, string key, CancellationToken ct)
    {
        var order = await db.IdempotencyRecords.AsNoTracking()
            .Where(r => r.UserId == userId && r.Key == key)
            .Join(db.Orders, r => r.OrderId, o => o.Id, (r, o) => o)
            .Select(OrderProjections.ToResponse)
            .FirstOrDefaultAsync(ct);
        return order is null ? null : new PlaceOrderResult(order, Replayed: true);
    }
}
