using Google.Protobuf;

namespace Slipway.Testing;

/// <summary>
/// Writes small ONNX models for tests, message by message in the ONNX protobuf schema (field numbers as onnx.proto
/// defines them), so the tests depend on no Python tooling and no binary files in the repository.
/// </summary>
internal static class OnnxModelWriter
{
    private const int FloatType = 1;

    /// <summary>
    /// <c>y = x · w + b</c>: input <c>x</c> FP32 [batch, w.Length], output <c>y</c> FP32 [batch, 1], built from a
    /// MatMul and an Add (opset 13).
    /// </summary>
    public static byte[] Linear(float[] weights, float bias)
    {
        var graph = Message(g =>
        {
            g.Message(1, Node("matmul", "MatMul", ["x", "w"], ["xw"]));
            g.Message(1, Node("add", "Add", ["xw", "b"], ["y"]));
            g.String(2, "linear");
            g.Message(5, FloatTensor("w", [weights.Length, 1], weights));
            g.Message(5, FloatTensor("b", [1], [bias]));
            g.Message(11, ValueInfo("x", FloatType, ("batch", 0), (null, weights.Length)));
            g.Message(12, ValueInfo("y", FloatType, ("batch", 0), (null, 1)));
        });
        return Model(graph);
    }

    /// <summary>
    /// <c>total = a + b + ...</c>: one FP32 input [batch] per name (one column each, as ML.NET models take a table),
    /// output <c>total</c> FP32 [batch], built from one Sum node.
    /// </summary>
    public static byte[] Sum(IReadOnlyList<string> inputs)
    {
        var graph = Message(g =>
        {
            g.Message(1, Node("sum", "Sum", [.. inputs], ["total"]));
            g.String(2, "sum");
            foreach (var input in inputs)
            {
                g.Message(11, ValueInfo(input, FloatType, ("batch", 0)));
            }

            g.Message(12, ValueInfo("total", FloatType, ("batch", 0)));
        });
        return Model(graph);
    }

    /// <summary>
    /// One Identity node per datatype: input <c>{name}_in</c> [batch, 2] passes through to <c>{name}_out</c>, where
    /// name is the datatype in lower case (<c>fp32_in</c>, <c>bytes_in</c>, ...). Every protocol datatype round-trips through it.
    /// </summary>
    public static byte[] Identities(IReadOnlyList<string> datatypes)
    {
        var graph = Message(g =>
        {
            foreach (var datatype in datatypes)
            {
                var name = datatype.ToLowerInvariant();
                g.Message(1, Node(name, "Identity", [name + "_in"], [name + "_out"]));
            }

            g.String(2, "identities");
            foreach (var datatype in datatypes)
            {
                var name = datatype.ToLowerInvariant();
                g.Message(11, ValueInfo(name + "_in", ElementType(datatype), ("batch", 0), (null, 2)));
            }

            foreach (var datatype in datatypes)
            {
                var name = datatype.ToLowerInvariant();
                g.Message(12, ValueInfo(name + "_out", ElementType(datatype), ("batch", 0), (null, 2)));
            }
        });
        return Model(graph);
    }

    /// <summary>
    /// <c>x</c> FP32 [batch, features] with a row of zeros appended: output <c>padded</c> declared FP32 [rows, features],
    /// one row more than came in (Concat on axis 0, opset 13): a model whose output does not follow its input's rows.
    /// </summary>
    public static byte[] Padded(int features)
    {
        var graph = Message(g =>
        {
            g.Message(1, Message(n =>
            {
                n.String(1, "x");
                n.String(1, "zeros");
                n.String(2, "padded");
                n.String(3, "concat");
                n.String(4, "Concat");
                n.Message(5, Message(attribute =>
                {
                    attribute.String(1, "axis");
                    attribute.Int64(3, 0);
                    attribute.Int64(20, 2);
                }));
            }));
            g.String(2, "padded");
            g.Message(5, FloatTensor("zeros", [1, features], new float[features]));
            g.Message(11, ValueInfo("x", FloatType, ("batch", 0), (null, features)));
            g.Message(12, ValueInfo("padded", FloatType, ("rows", 0), (null, features)));
        });
        return Model(graph);
    }

    /// <summary>The ONNX TensorProto.DataType number for an Open Inference Protocol datatype.</summary>
    private static int ElementType(string datatype) => datatype switch
    {
        "FP32" => 1,
        "UINT8" => 2,
        "INT8" => 3,
        "UINT16" => 4,
        "INT16" => 5,
        "INT32" => 6,
        "INT64" => 7,
        "BYTES" => 8,
        "BOOL" => 9,
        "FP16" => 10,
        "FP64" => 11,
        "UINT32" => 12,
        "UINT64" => 13,
        _ => throw new ArgumentException($"No ONNX element type for {datatype}.", nameof(datatype)),
    };

    private static byte[] Model(byte[] graph) => Message(m =>
    {
        m.Int64(1, 8);
        m.String(2, "slipway-tests");
        m.Message(7, graph);
        m.Message(8, Message(o =>
        {
            o.String(1, string.Empty);
            o.Int64(2, 13);
        }));
    });

    private static byte[] Node(string name, string op, string[] inputs, string[] outputs) => Message(n =>
    {
        foreach (var input in inputs)
        {
            n.String(1, input);
        }

        foreach (var output in outputs)
        {
            n.String(2, output);
        }

        n.String(3, name);
        n.String(4, op);
    });

    private static byte[] FloatTensor(string name, long[] dims, float[] values) => Message(t =>
    {
        foreach (var dim in dims)
        {
            t.Int64(1, dim);
        }

        t.Int64(2, FloatType);
        var packed = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, packed, 0, packed.Length);
        t.Message(4, packed);
        t.String(8, name);
    });

    /// <summary>A tensor value: its element type and its dimensions, each symbolic (a name) or fixed (a size).</summary>
    private static byte[] ValueInfo(string name, int elementType, params (string? Symbol, long Size)[] dims) => Message(v =>
    {
        v.String(1, name);
        v.Message(2, Message(type => type.Message(1, Message(tensor =>
        {
            tensor.Int64(1, elementType);
            tensor.Message(2, Message(shape =>
            {
                foreach (var (symbol, size) in dims)
                {
                    shape.Message(1, Message(dim =>
                    {
                        if (symbol is null)
                        {
                            dim.Int64(1, size);
                        }
                        else
                        {
                            dim.String(2, symbol);
                        }
                    }));
                }
            }));
        }))));
    });

    private static byte[] Message(Action<ProtoWriter> write)
    {
        using var buffer = new MemoryStream();
        var writer = new ProtoWriter(new CodedOutputStream(buffer));
        write(writer);
        writer.Flush();
        return buffer.ToArray();
    }

    private sealed class ProtoWriter(CodedOutputStream output)
    {
        public void Int64(int field, long value)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt64(value);
        }

        public void String(int field, string value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
        }

        public void Message(int field, byte[] content)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(content));
        }

        public void Flush() => output.Flush();
    }
}
