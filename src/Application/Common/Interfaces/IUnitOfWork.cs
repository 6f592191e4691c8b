namespace Shop.Application.Common.Interfaces;

/// <summary>
/// One atomic unit of database work: a transaction (run through the provider's execution strategy) around
/// <c>work</c>, then one save and the commit. Effects that must follow a commit (revocations applied and
/// published to other instances, catalogue change notices) are collected while the unit runs and happen
/// after the commit; a unit that fails rolls back and runs none of them.
/// <para>Every command runs in one through <c>UnitOfWorkBehaviour</c>; a handler opted out with
/// <c>[OwnUnitOfWork]</c> calls <see cref="ExecuteAsync{T}"/> itself around the part that must be atomic.</para>
/// </summary>
public interface IUnitOfWork
{
    ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken);

    /// <summary>Forgets every change staged and not yet saved, for a retry after a save lost a race.</summary>
    void DiscardUnsavedChanges();
}
