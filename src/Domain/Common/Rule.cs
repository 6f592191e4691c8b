using System.Linq.Expressions;

namespace Shop.Domain.Common;

/// <summary>
/// A rule written once as an expression, used both in a query (translated to SQL, its argument sent as a
/// parameter) and in memory (compiled once), so the database and the code can never disagree on it.
/// </summary>
public sealed class Rule<T, TArg>
{
    private readonly Expression<Func<T, TArg, bool>> _definition;
    private readonly Func<T, TArg, bool> _compiled;

    public Rule(Expression<Func<T, TArg, bool>> definition)
    {
        _definition = definition;
        _compiled = definition.Compile();
    }

    /// <summary>The rule for a query, with <paramref name="argument"/> bound as a query parameter.</summary>
    public Expression<Func<T, bool>> At(TArg argument)
    {
        // A member of a captured object is what a C# closure compiles to: query providers send it as a parameter.
        var captured = Expression.Field(Expression.Constant(new Captured(argument)), nameof(Captured.Value));
        var body = new Substitute(_definition.Parameters[1], captured).Visit(_definition.Body);
        return Expression.Lambda<Func<T, bool>>(body, _definition.Parameters[0]);
    }

    /// <summary>The rule applied to a member of another type (<c>s =&gt; s.CreatedAt</c>), for a query.</summary>
    public Expression<Func<TEntity, bool>> On<TEntity>(Expression<Func<TEntity, T>> member, TArg argument)
    {
        var atArgument = At(argument);
        var body = new Substitute(atArgument.Parameters[0], member.Body).Visit(atArgument.Body);
        return Expression.Lambda<Func<TEntity, bool>>(body, member.Parameters[0]);
    }

    public bool IsSatisfiedBy(T item, TArg argument) => _compiled(item, argument);

    private sealed class Captured(TArg value)
    {
        public readonly TArg Value = value;
    }

    private sealed class Substitute(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : node;
    }
}

/// <summary>A rule without an argument: the same expression in queries and in memory.</summary>
public sealed class Rule<T>
{
    private readonly Func<T, bool> _compiled;

    public Rule(Expression<Func<T, bool>> definition)
    {
        Expression = definition;
        _compiled = definition.Compile();
    }

    public Expression<Func<T, bool>> Expression { get; }

    public bool IsSatisfiedBy(T item) => _compiled(item);
}

public static class RuleExpressions
{
    /// <summary>Either rule, over one parameter, for a query.</summary>
    public static Expression<Func<T, bool>> Or<T>(this Expression<Func<T, bool>> left, Expression<Func<T, bool>> right)
    {
        var parameter = left.Parameters[0];
        var rightBody = new Rebind(right.Parameters[0], parameter).Visit(right.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(left.Body, rightBody), parameter);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
