using Slipway.Storage.Sql;

namespace Slipway.Storage.Sqlite;

/// <summary>One caller's unit of work waiting in the <see cref="SqliteWriteQueue"/>.</summary>
internal interface IQueuedWrite
{
    /// <summary>True when the caller gave up before the work started; the work is then skipped.</summary>
    bool IsCanceled { get; }

    /// <summary>Runs the work inside the group's transaction and keeps its result until the group commits.</summary>
    Task ExecuteAsync(SqlSession session);

    /// <summary>The group committed: hand the result to the caller.</summary>
    void Complete();

    void Fail(Exception exception);

    void Cancel();
}

internal sealed class QueuedWrite<T>(Func<SqlSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken) : IQueuedWrite
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public bool IsCanceled => cancellationToken.IsCancellationRequested;

    // Once started, a write runs to its commit: cancelling halfway would only make the outcome unclear.
    public async Task ExecuteAsync(SqlSession session) => _result = await work(session, CancellationToken.None);

    public void Complete() => _completion.TrySetResult(_result!);

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Cancel() => _completion.TrySetCanceled(cancellationToken);
}
