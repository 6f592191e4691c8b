using System.Reflection;
using Mediator;
using Shop.Application.Common.Interfaces;

namespace Shop.Application.Common.UnitOfWork;

/// <summary>
/// Runs every command in one unit of work (<see cref="IUnitOfWork"/>): begin, handle, save, commit, then the
/// effects that wait for the commit. Queries pass straight through. The command itself is never logged.
/// </summary>
public sealed class UnitOfWorkBehaviour<TMessage, TResponse>(IUnitOfWork unitOfWork) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly bool Wraps =
        typeof(IBaseCommand).IsAssignableFrom(typeof(TMessage))
        && typeof(TMessage).GetCustomAttribute<OwnUnitOfWorkAttribute>() is null;

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken) =>
        Wraps
            ? unitOfWork.ExecuteAsync(ct => next(message, ct), cancellationToken)
            : next(message, cancellationToken);
}
