using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// One query of fixed shape, translated to SQL once per model instead of on every call: the LINQ is written
/// once, in <paramref name="compile"/> (an <see cref="EF.CompileAsyncQuery{TContext, TResult}(System.Linq.Expressions.Expression{Func{TContext, DbSet{TResult}}})"/>
/// call). EF binds a compiled query to the model of the first context that runs it and refuses any other,
/// and each provider (SQLite, PostgreSQL, SQL Server) builds its own model, so one process can hold several
/// (the tests run hosts on two providers side by side): this keeps one compiled delegate per model.
/// </summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = new();

    /// <summary>The compiled query for <paramref name="db"/>'s model; call it with the same context.</summary>
    public TQuery For(DbContext db) =>
        _byModel.TryGetValue(db.Model, out var query) ? query : _byModel.GetValue(db.Model, _ => compile());
}
