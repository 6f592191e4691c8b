using Shop.Application.Carts.Common;

namespace Shop.Application.Common.Interfaces;

/// <summary>A cart's lines with today's product data: read by every cart call (and after every cart edit), so
/// Infrastructure runs it as a compiled query.</summary>
public interface ICartQueries
{
    /// <summary>The user's cart lines, in no particular order; none when the user has no cart yet.</summary>
    Task<IReadOnlyList<CartLine>> LinesAsync(Guid userId, CancellationToken cancellationToken);
}
