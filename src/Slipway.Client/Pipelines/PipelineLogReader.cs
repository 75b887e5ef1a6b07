using System.Text;
using Slipway.Core.Errors;
using Slipway.Core.Pipelines;

namespace Slipway.Client.Pipelines;

/// <summary>
/// Reads the logs of a pipeline run's steps, line by line: what there is now, step after step in the run's order;
/// or, following, every step's new lines as they come until each has ended, asking the server to wait for output
/// when one step is running and polling when several are. A sweep stands for its variants.
/// </summary>
internal sealed class PipelineLogReader(SlipwayClient client, string pipelineRunId, string? step, Action<StepLogLine> onLine)
{
    /// <summary>How long one request waits for output when a single step is running.</summary>
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, StepLog> _logs = new(StringComparer.Ordinal);

    /// <summary>How often the run is looked at again while no step has output (several running steps, none started yet).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        var run = await client.GetPipelineRunAsync(pipelineRunId, cancellationToken);
        foreach (var name in Select(run))
        {
            var log = _logs[name];
            while (!log.Complete)
            {
                var chunk = await client.ReadStepLogAsync(pipelineRunId, name, log.Offset, wait: null, cancellationToken);
                log.Append(chunk, onLine);
                if (chunk.Content.Length == 0)
                {
                    log.Finish(onLine);
                }
            }
        }
    }

    public async Task FollowAsync(CancellationToken cancellationToken)
    {
        var run = await client.GetPipelineRunAsync(pipelineRunId, cancellationToken);
        while (true)
        {
            var selected = Select(run);
            foreach (var name in selected)
            {
                var state = run.FindStep(name);
                if (state is { IsFinal: true, StartTime: null } && !_logs[name].Complete)
                {
                    _logs[name].Finish(onLine); // skipped, cached or canceled before it started: no log
                }
            }

            var active = selected.Where(name => !_logs[name].Complete && HasStarted(run.FindStep(name))).ToArray();
            if (active.Length == 0 && selected.All(name => _logs[name].Complete))
            {
                return;
            }

            var received = false;
            foreach (var name in active)
            {
                var log = _logs[name];
                var chunk = await client.ReadStepLogAsync(pipelineRunId, name, log.Offset, active.Length == 1 ? LongPoll : null, cancellationToken);
                log.Append(chunk, onLine);
                received |= chunk.Content.Length > 0;
                if (chunk.Content.Length == 0 && !chunk.IsComplete && run.IsFinal)
                {
                    log.Finish(onLine); // the run has ended; a server that never says "complete" must not keep us here
                }
            }

            if (!received && active.Length != 1)
            {
                await Task.Delay(PollInterval, cancellationToken);
            }

            run = await client.GetPipelineRunAsync(pipelineRunId, cancellationToken);
        }
    }

    private static bool HasStarted(PipelineStepInfo? state) =>
        state is not null && (state.StartTime is not null || state.Status is StepStatus.Running or StepStatus.Retrying);

    /// <summary>The steps whose logs are read, in the run's order: all (a sweep as its variants), or the one asked for.</summary>
    private List<string> Select(PipelineRunInfo run)
    {
        List<string> names;
        if (step is null)
        {
            names = run.Steps.Where(s => s.Variants.Count == 0).Select(s => s.Name).ToList();
        }
        else
        {
            var chosen = run.FindStep(step) ?? throw SlipwayException.NotFound(
                $"Pipeline run {run.Id} has no step '{step}'; its steps are {string.Join(", ", run.Steps.Where(s => s.Sweep is null).Select(s => s.Name))}.");
            names = chosen.Variants.Count > 0 ? [.. chosen.Variants] : [chosen.Name];
        }

        foreach (var name in names)
        {
            _logs.TryAdd(name, new StepLog(name));
        }

        return names;
    }

    /// <summary>One step's log as read so far: the next offset, and text decoded up to the last line ending.</summary>
    private sealed class StepLog(string step)
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly StringBuilder _pending = new();

        public long Offset { get; private set; }

        public bool Complete { get; private set; }

        public void Append(LogChunk chunk, Action<StepLogLine> onLine)
        {
            Offset = chunk.NextOffset;
            var chars = new char[_decoder.GetCharCount(chunk.Content, flush: false)];
            _decoder.GetChars(chunk.Content, chars, flush: false);
            _pending.Append(chars);
            EmitLines(onLine);
            if (chunk.IsComplete)
            {
                Finish(onLine);
            }
        }

        /// <summary>No more will come: the last line goes out even without a line ending.</summary>
        public void Finish(Action<StepLogLine> onLine)
        {
            var chars = new char[_decoder.GetCharCount([], flush: true)];
            _decoder.GetChars([], chars, flush: true);
            _pending.Append(chars);
            if (_pending.Length > 0)
            {
                onLine(new StepLogLine(step, _pending.ToString().TrimEnd('\r')));
                _pending.Clear();
            }

            Complete = true;
        }

        private void EmitLines(Action<StepLogLine> onLine)
        {
            var text = _pending.ToString();
            var start = 0;
            for (var end = text.IndexOf('\n', StringComparison.Ordinal); end >= 0; end = text.IndexOf('\n', start))
            {
                onLine(new StepLogLine(step, text[start..end].TrimEnd('\r')));
                start = end + 1;
            }

            _pending.Remove(0, start);
        }
    }
}
