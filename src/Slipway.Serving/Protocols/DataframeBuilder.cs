using System.Text;
using System.Text.Json;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Protocols.Elements;

namespace Slipway.Serving.Protocols;

/// <summary>
/// Fills the model's inputs from a dataframe, row by row and cell by cell, as a <see cref="ColumnPlan"/> maps them.
/// A missing or null cell becomes NaN for a floating-point input (as pandas makes it) and is refused for any other.
/// </summary>
internal sealed class DataframeBuilder
{
    private readonly ModelSignature _signature;
    private readonly ColumnPlan _plan;
    private readonly ElementBuffer[] _buffers;
    private readonly bool[] _filled;
    private int _row = -1;

    public DataframeBuilder(ModelSignature signature, ColumnPlan plan)
    {
        _signature = signature;
        _plan = plan;
        _buffers = [.. signature.Inputs.Select(i => ElementKind.For(i.Datatype).CreateBuffer())];
        _filled = new bool[plan.Targets.Length];
    }

    /// <summary>The rows begun so far.</summary>
    public int Rows => _row + 1;

    public void BeginRow()
    {
        _row++;
        Array.Clear(_filled);
        for (var i = 0; i < _buffers.Length; i++)
        {
            if (_plan.RowSizes[i] > 0)
            {
                _buffers[i].EnsureCount(checked((_row + 1) * _plan.RowSizes[i]));
            }
        }
    }

    /// <summary>Sets a cell from the JSON value the reader is on.</summary>
    public void Set(int column, ref Utf8JsonReader reader)
    {
        var target = Claim(column);
        if (target.Input < 0)
        {
            reader.Skip();
            return;
        }

        var buffer = _buffers[target.Input];
        var where = ValueLocation.Cell(_plan.Names[column], _row);
        if (target.Offset < 0)
        {
            buffer.AppendValue(ref reader, _plan.RowShapes[target.Input], _signature.Inputs[target.Input], 1, where);
            return;
        }

        var index = (_row * _plan.RowSizes[target.Input]) + target.Offset;
        var set = reader.TokenType == JsonTokenType.Null ? buffer.TrySetMissing(index) : buffer.TrySet(index, ref reader);
        if (!set)
        {
            throw SlipwayException.Invalid($"{where} is {JsonTokens.Describe(ref reader)}, not {buffer.Expected}.");
        }
    }

    /// <summary>Sets a cell from CSV text; a cell that holds a whole row is read as JSON lists.</summary>
    public void SetText(int column, string text, int line)
    {
        var target = Claim(column);
        if (target.Input < 0)
        {
            return;
        }

        var buffer = _buffers[target.Input];
        var where = ValueLocation.Cell(_plan.Names[column], _row, line);
        if (target.Offset < 0)
        {
            SetJsonText(buffer, target.Input, text, where);
            return;
        }

        var index = (_row * _plan.RowSizes[target.Input]) + target.Offset;
        if (!buffer.TrySetText(index, text) && !(string.IsNullOrWhiteSpace(text) && buffer.TrySetMissing(index)))
        {
            throw SlipwayException.Invalid($"{where} is {(text.Length == 0 ? "empty" : JsonTokens.Quote(text))}, not {buffer.Expected}.");
        }
    }

    /// <summary>Fills the cells the row did not give, or refuses the row.</summary>
    public void EndRow(int line = 0)
    {
        for (var column = 0; column < _filled.Length; column++)
        {
            var target = _plan.Targets[column];
            if (_filled[column] || target.Input < 0)
            {
                continue;
            }

            var missing = target.Offset >= 0
                && _buffers[target.Input].TrySetMissing((_row * _plan.RowSizes[target.Input]) + target.Offset);
            if (!missing)
            {
                var row = line > 0 ? $"Row {_row} (line {line})" : $"Row {_row}";
                throw SlipwayException.Invalid(
                    $"{row} has no value for column '{_plan.Names[column]}', which the model's {SignatureText.Input(_signature.Inputs[target.Input])} needs.");
            }
        }
    }

    public List<InferenceTensor> Build()
    {
        var tensors = new List<InferenceTensor>(_buffers.Length);
        for (var i = 0; i < _buffers.Length; i++)
        {
            var input = _signature.Inputs[i];
            long[] shape = [Rows, .. _plan.RowShapes[i].Select(d => Math.Max(d, 0))];
            tensors.Add(new InferenceTensor(input.Name, input.Datatype, shape, _buffers[i].ToArray()));
        }

        return tensors;
    }

    private ColumnTarget Claim(int column)
    {
        if (_filled[column])
        {
            throw SlipwayException.Invalid($"Row {_row} gives column '{_plan.Names[column]}' more than once.");
        }

        _filled[column] = true;
        return _plan.Targets[column];
    }

    private void SetJsonText(ElementBuffer buffer, int input, string text, ValueLocation where)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
        try
        {
            reader.Read();
            buffer.AppendValue(ref reader, _plan.RowShapes[input], _signature.Inputs[input], 1, where);
        }
        catch (JsonException)
        {
            throw SlipwayException.Invalid(
                $"{where} is {JsonTokens.Quote(text)}, not the JSON list the model's {SignatureText.Input(_signature.Inputs[input])} needs in each row.");
        }
    }
}
