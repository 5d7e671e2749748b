using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Api.Infrastructure;

/// <summary>
/// The contract's SQLite settings on every connection EF Core opens: WAL, synchronous=FULL
/// (a 201 means the record is on disk), a 5 s busy timeout and foreign keys.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Sql =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Serialises writes: one writer at a time, so SQLite never answers "database is locked".</summary>
public static class WriteLock
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<T> RunAsync<T>(Func<Task<T>> write)
    {
        await Gate.WaitAsync();
        try
        {
            return await write();
        }
        finally
        {
            Gate.Release();
        }
    }
}
