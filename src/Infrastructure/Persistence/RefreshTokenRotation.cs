using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Infrastructure.Persistence;

/// <summary>
/// A rotation's write. On PostgreSQL it is one statement in autocommit (<see cref="RotationStatement"/>): the
/// compare-and-set UPDATE of the presented token, the INSERT of its successor and the UPDATE of the session's
/// last-used time, the last two only when the first matched. One statement is atomic on its own, so no BEGIN or
/// COMMIT is sent: with the read before it, a rotation is two round trips. Elsewhere it is the same three
/// writes in a unit of work (SQLite cannot modify data in a WITH clause; SQL Server keeps the path it has).
/// </summary>
public sealed class RefreshTokenRotation(ShopDbContext db, IUnitOfWork unitOfWork) : IRefreshTokenRotation
{
    public async ValueTask<bool> TryRotateAsync(Guid tokenId, RefreshToken successor, Session session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (successor.SessionId != session.Id)
        {
            throw new ArgumentException("A successor belongs to the session it was issued by.", nameof(successor));
        }

        if (db.Database.IsNpgsql())
        {
            var statement = RotationStatement.For(db);
            var won = await db.Database.SqlQueryRaw<bool>(statement.Sql, statement.Parameters(tokenId, successor, session, now))
                .ToListAsync(cancellationToken);
            return won is [true];
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var consumed = await db.RefreshTokens
                .Where(t => t.Id == tokenId && t.ConsumedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.ConsumedAt, now).SetProperty(t => t.ReplacedById, successor.Id), ct);
            if (consumed == 0)
            {
                return false; // nothing written: the unit commits nothing
            }

            db.Sessions.Attach(session).Property(s => s.LastUsedAt).IsModified = true; // read without tracking
            db.RefreshTokens.Add(successor);
            return true;
        }, cancellationToken);
    }
}

/// <summary>
/// The PostgreSQL rotation statement, made once per model from the EF model's own table, column and store-type
/// names, with the values as parameters:
/// <code>
/// WITH consumed AS (UPDATE refresh_tokens SET consumed_at = @now, replaced_by_id = @successor
///                   WHERE id = @token AND consumed_at IS NULL RETURNING id),
///      issued   AS (INSERT INTO refresh_tokens (…every column…) SELECT @…the successor's values… FROM consumed RETURNING id),
///      used     AS (UPDATE sessions SET last_used_at = @last_used WHERE id = @session AND EXISTS (SELECT 1 FROM consumed))
/// SELECT EXISTS (SELECT 1 FROM issued)
///     OR EXISTS (SELECT 1 FROM refresh_tokens WHERE id = @token AND replaced_by_id = @successor) AS "Value"
/// </code>
/// Two rotations of one token at once (READ COMMITTED): the second UPDATE waits for the first's row lock, then
/// checks <c>consumed_at IS NULL</c> again on the committed row, matches nothing, and so inserts and touches
/// nothing: it answers false, and the caller answers as a repeat. The last line makes the statement safe to run
/// again: when the execution strategy retries it after a failure that hid its commit, the token is already
/// replaced by this very successor (its id is new to this request), and it answers true as the first run would
/// have. The successor's columns are every property of <see cref="RefreshToken"/>: what the domain made is
/// stored as it is.
/// </summary>
internal sealed class RotationStatement
{
    private static readonly ConditionalWeakTable<IModel, RotationStatement> Made = [];

    private readonly IProperty[] _successorColumns;
    private readonly IProperty _sessionLastUsed;

    private RotationStatement(string sql, IProperty[] successorColumns, IProperty sessionLastUsed)
    {
        Sql = sql;
        _successorColumns = successorColumns;
        _sessionLastUsed = sessionLastUsed;
    }

    public string Sql { get; }

    public static RotationStatement For(DbContext db) =>
        Made.GetValue(db.Model, model => Make(model, db.GetService<ISqlGenerationHelper>()));

    public object[] Parameters(Guid tokenId, RefreshToken successor, Session session, DateTimeOffset now)
    {
        var parameters = new List<object>
        {
            new NpgsqlParameter("token_id", tokenId),
            new NpgsqlParameter("consumed_at", now),
            new NpgsqlParameter("session_id", session.Id),
            new NpgsqlParameter("last_used_at", ValueOf(_sessionLastUsed, session)),
        };
        for (var i = 0; i < _successorColumns.Length; i++)
        {
            parameters.Add(new NpgsqlParameter(SuccessorParameter(i), ValueOf(_successorColumns[i], successor)));
        }

        return [.. parameters];
    }

    private static object ValueOf(IProperty property, object entity)
    {
        var value = property.GetGetter().GetClrValue(entity);
        if (property.GetTypeMapping().Converter is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }

        return value ?? DBNull.Value;
    }

    private static string SuccessorParameter(int index) => $"successor_{index}";

    private static RotationStatement Make(IModel model, ISqlGenerationHelper sql)
    {
        var tokens = model.FindEntityType(typeof(RefreshToken)) ?? throw new InvalidOperationException("RefreshToken is not mapped.");
        var sessions = model.FindEntityType(typeof(Session)) ?? throw new InvalidOperationException("Session is not mapped.");
        var tokenTable = StoreObjectIdentifier.Table(tokens.GetTableName()!, tokens.GetSchema());
        var sessionTable = StoreObjectIdentifier.Table(sessions.GetTableName()!, sessions.GetSchema());

        string Column(IProperty property, StoreObjectIdentifier table) =>
            sql.DelimitIdentifier(property.GetColumnName(table) ?? throw new InvalidOperationException($"{property.Name} has no column in {table.Name}."));
        string Typed(string parameter, IProperty property) => $"CAST(@{parameter} AS {property.GetRelationalTypeMapping().StoreType})";
        IProperty Property(IEntityType entity, string name) =>
            entity.FindProperty(name) ?? throw new InvalidOperationException($"{entity.ClrType.Name}.{name} is not mapped.");

        var columns = tokens.GetProperties().ToArray();
        if (columns.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
        {
            throw new InvalidOperationException($"RefreshToken.{shadow.Name} is a shadow property: the rotation stores only the entity's own values.");
        }

        var tokenId = Property(tokens, nameof(RefreshToken.Id));
        var consumedAt = Property(tokens, nameof(RefreshToken.ConsumedAt));
        var replacedBy = Property(tokens, nameof(RefreshToken.ReplacedById));
        var sessionId = Property(sessions, nameof(Session.Id));
        var lastUsed = Property(sessions, nameof(Session.LastUsedAt));
        var successorId = Typed(SuccessorParameter(Array.IndexOf(columns, tokenId)), tokenId);
        var tokenTableName = sql.DelimitIdentifier(tokenTable.Name, tokenTable.Schema);
        var sessionTableName = sql.DelimitIdentifier(sessionTable.Name, sessionTable.Schema);
        var id = Column(tokenId, tokenTable);

        var text = $"""
            WITH consumed AS (
                UPDATE {tokenTableName}
                SET {Column(consumedAt, tokenTable)} = {Typed("consumed_at", consumedAt)}, {Column(replacedBy, tokenTable)} = {successorId}
                WHERE {id} = {Typed("token_id", tokenId)} AND {Column(consumedAt, tokenTable)} IS NULL
                RETURNING {id}
            ), issued AS (
                INSERT INTO {tokenTableName} ({string.Join(", ", columns.Select(c => Column(c, tokenTable)))})
                SELECT {string.Join(", ", columns.Select((c, i) => Typed(SuccessorParameter(i), c)))}
                FROM consumed
                RETURNING {id}
            ), used AS (
                UPDATE {sessionTableName}
                SET {Column(lastUsed, sessionTable)} = {Typed("last_used_at", lastUsed)}
                WHERE {Column(sessionId, sessionTable)} = {Typed("session_id", sessionId)} AND EXISTS (SELECT 1 FROM consumed)
            )
            SELECT EXISTS (SELECT 1 FROM issued)
                OR EXISTS (SELECT 1 FROM {tokenTableName} WHERE {id} = {Typed("token_id", tokenId)} AND {Column(replacedBy, tokenTable)} = {successorId}) AS {sql.DelimitIdentifier("Value")}
            """;
        return new RotationStatement(text, columns, lastUsed);
    }
}
