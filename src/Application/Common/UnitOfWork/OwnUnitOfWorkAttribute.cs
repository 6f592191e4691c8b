namespace Shop.Application.Common.UnitOfWork;

/// <summary>
/// Takes a command out of <see cref="UnitOfWorkBehaviour{TMessage, TResponse}"/>: its handler calls
/// <see cref="Interfaces.IUnitOfWork.ExecuteAsync{T}"/> around what must be atomic. Only for a handler that
/// must roll back and carry on, or keep something written while the request fails; <paramref name="why"/>
/// says which, in one line.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OwnUnitOfWorkAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}
