using System.Reflection;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Shop.Application.Common.Interfaces;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.UnitTests.Persistence;

public sealed class DatabaseErrorsTests
{
    private static readonly DatabaseErrorClassifier Errors = new();

    [Theory]
    [InlineData(9002)]  // transaction log full
    [InlineData(1105)]  // filegroup full
    [InlineData(701)]   // out of memory
    [InlineData(8645)]  // waiting for query memory
    [InlineData(1205)]  // deadlock victim
    [InlineData(-2)]    // client timeout
    [InlineData(4060)]  // cannot open the database
    public void SqlServer_ResourceAndAvailabilityErrors_AreUnavailable(int number) =>
        Assert.Equal(DatabaseFailure.Unavailable, Errors.Classify(Saving(SqlError(number))));

    [Fact]
    public void SqlClient_PoolTimeout_IsUnavailable()
    {
        // SqlClient's own text when every pooled connection is busy.
        var pool = new InvalidOperationException(
            "Timeout expired.  The timeout period elapsed prior to obtaining a connection from the pool.  " +
            "This may have occurred because all pooled connections were in use and max pool size was reached.");

        Assert.Equal(DatabaseFailure.Unavailable, Errors.Classify(pool));
    }

    [Fact]
    public void AnUnrelatedInvalidOperation_IsNoDatabaseFailure() =>
        Assert.Equal(DatabaseFailure.None, Errors.Classify(new InvalidOperationException("Sequence contains no elements")));

    [Theory]
    [InlineData(2601)]
    [InlineData(2627)]
    public void SqlServer_UniqueIndexAndPrimaryKey_AreDuplicateKeys(int number)
    {
        var saving = Saving(SqlError(number));

        Assert.Equal(DatabaseFailure.DuplicateKey, Errors.Classify(saving));
        Assert.True(Errors.IsDuplicateKey(saving));
    }

    [Fact]
    public void SqlServer_ForeignKey_IsAConstraintViolation_NotADuplicate() =>
        Assert.Equal(DatabaseFailure.ConstraintViolation, Errors.Classify(Saving(SqlError(547))));

    [Fact]
    public void SqlServer_StringTooLong_IsUnstorable() =>
        Assert.Equal(DatabaseFailure.UnstorableValue, Errors.Classify(Saving(SqlError(2628))));

    [Fact]
    public void SqlServer_InvalidColumn_IsADefect() =>
        Assert.Equal(DatabaseFailure.None, Errors.Classify(Saving(SqlError(207))));

    [Fact]
    public void Postgres_UniqueViolation_IsADuplicateKey_AndForeignKeyIsNot()
    {
        Assert.Equal(DatabaseFailure.DuplicateKey, Errors.Classify(Saving(new PostgresException("duplicate", "ERROR", "ERROR", "23505"))));
        Assert.Equal(DatabaseFailure.ConstraintViolation, Errors.Classify(Saving(new PostgresException("fk", "ERROR", "ERROR", "23503"))));
        Assert.Equal(DatabaseFailure.Unavailable, Errors.Classify(Saving(new PostgresException("shutdown", "FATAL", "FATAL", "57P01"))));
    }

    [Fact]
    public void Sqlite_UniqueAndPrimaryKey_AreDuplicateKeys_AndForeignKeyIsNot()
    {
        Assert.Equal(DatabaseFailure.DuplicateKey, Errors.Classify(Saving(new SqliteException("unique", 19, 2067))));
        Assert.Equal(DatabaseFailure.DuplicateKey, Errors.Classify(Saving(new SqliteException("primary key", 19, 1555))));
        Assert.Equal(DatabaseFailure.ConstraintViolation, Errors.Classify(Saving(new SqliteException("foreign key", 19, 787))));
        Assert.Equal(DatabaseFailure.Unavailable, Errors.Classify(Saving(new SqliteException("busy", 5, 5))));
    }

    [Fact]
    public void ATimeoutWhileSaving_IsNotADuplicateKey()
    {
        // What a checkout with an Idempotency-Key used to answer 409 "try again" to.
        var timeout = Saving(SqlError(-2));

        Assert.False(Errors.IsDuplicateKey(timeout));
        Assert.Equal(DatabaseFailure.Unavailable, Errors.Classify(timeout));
    }

    private static DbUpdateException Saving(Exception inner) => new("An error occurred while saving the entity changes.", inner);

    /// <summary>SqlException has no public constructor: build one the way SqlClient does.</summary>
    private static SqlException SqlError(int number)
    {
        const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Instance;
        var ctor = typeof(SqlError).GetConstructors(Internal).OrderByDescending(c => c.GetParameters().Length).First();
        var args = ctor.GetParameters().Select(p => p.Name switch
        {
            "infoNumber" => number,
            "errorState" => (byte)1,
            "errorClass" => (byte)16,
            "server" or "errorMessage" or "procedure" => (object)$"error {number}",
            "lineNumber" => 1,
            _ => p.HasDefaultValue ? p.DefaultValue : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null,
        }).ToArray();
        var error = (SqlError)ctor.Invoke(args);
        var errors = (SqlErrorCollection)Activator.CreateInstance(typeof(SqlErrorCollection), nonPublic: true)!;
        typeof(SqlErrorCollection).GetMethod("Add", Internal)!.Invoke(errors, [error]);
        var create = typeof(SqlException).GetMethod(
            "CreateException", BindingFlags.NonPublic | BindingFlags.Static, [typeof(SqlErrorCollection), typeof(string)])!;
        var exception = (SqlException)create.Invoke(null, [errors, "16.0.0"])!;
        Assert.Equal(number, exception.Number);
        return exception;
    }
}
