using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Api.Tests;

/// <summary>The application on an in-memory test server, with its own throwaway SQLite file.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _path;
    private readonly bool _ownsFile;

    public ApiFactory()
    {
        _path = TemporaryPath();
        _ownsFile = true;
    }

    /// <summary>
    /// The application on an existing file, which the caller deletes (it outlives the factory).
    /// Internal: xUnit refuses a class fixture with more than one public constructor.
    /// </summary>
    internal ApiFactory(string path)
    {
        _path = path;
        _ownsFile = false;
    }

    /// <summary>A path for a new database file in the temporary folder.</summary>
    internal static string TemporaryPath() => Path.Combine(Path.GetTempPath(), $"api-test-{Guid.NewGuid():N}.db");

    /// <summary>Deletes a database file with its WAL files, once no pooled connection holds it.</summary>
    internal static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Best effort: the file is in the temporary folder anyway.
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("DATABASE_URL", "sqlite:///" + _path);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (_ownsFile)
        {
            DeleteDatabase(_path);
        }
    }
}
