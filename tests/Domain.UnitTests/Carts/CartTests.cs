using Shop.Domain.Carts;
using Shop.Domain.Common;

namespace Shop.Domain.UnitTests.Carts;

public sealed class CartTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SetQuantity_AddsOrReplaces_ALinePerProduct()
    {
        var cart = Cart.StartFor(Guid.NewGuid(), Now);
        var product = Guid.NewGuid();

        cart.SetQuantity(product, 2, Now);
        cart.SetQuantity(product, 5, Now);

        Assert.Equal(5, Assert.Single(cart.Items).Quantity);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public void AQuantityOutside1To100_IsRefused(int quantity)
    {
        var cart = Cart.StartFor(Guid.NewGuid(), Now);

        Assert.Equal("quantity", Assert.Throws<InvalidValueException>(() => cart.SetQuantity(Guid.NewGuid(), quantity, Now)).Field);
        Assert.Empty(cart.Items);
    }

    [Fact]
    public void ACart_HoldsABoundedNumberOfProducts()
    {
        var cart = Cart.StartFor(Guid.NewGuid(), Now);
        for (var i = 0; i < Cart.MaxLines; i++)
        {
            cart.SetQuantity(Guid.NewGuid(), 1, Now);
        }

        Assert.Throws<DomainException>(() => cart.SetQuantity(Guid.NewGuid(), 1, Now));
    }
}
