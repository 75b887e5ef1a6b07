using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols.Grpc;

/// <summary>
/// Translates the Open Inference Protocol's gRPC messages to and from Slipway's protocol-neutral inference records,
/// so the gRPC service does no tensor work of its own and every protocol reaches the engine in one shape.
/// </summary>
public static class GrpcTensorCodec
{
    /// <summary>
    /// Decodes a request's inputs (typed or raw), requested outputs, id and parameters. The model name and version are
    /// the caller's to route with and are not part of the result.
    /// </summary>
    /// <exception cref="SlipwayException">
    /// INVALID_PARAMETER_VALUE naming the input and what was expected: an input with no name or an unknown datatype, a
    /// shape with a negative dimension, values whose count does not fit the shape, raw bytes whose length does not fit
    /// the shape and datatype, typed and raw contents in one request, a raw entry count other than the input count, or
    /// a value out of its datatype's range.
    /// </exception>
    public static InferenceRequest Decode(ModelInferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.RawInputContents;
        if (raw.Count > 0 && raw.Count != request.Inputs.Count)
        {
            throw SlipwayException.Invalid(
                $"The request has {raw.Count} raw_input_contents entries but {request.Inputs.Count} inputs; raw contents need one entry per input, in order.");
        }

        var inputs = new InferenceTensor[request.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = request.Inputs[i];
            if (string.IsNullOrEmpty(input.Name))
            {
                throw SlipwayException.Invalid($"Input {i} has no name; every input needs one.");
            }

            var datatype = CheckDatatype(input.Name, input.Datatype);
            var shape = input.Shape.ToArray();
            var elements = CountElements(input.Name, shape);
            Array data;
            if (raw.Count > 0)
            {
                if (TypedTensorContents.HasValues(input.Contents))
                {
                    throw SlipwayException.Invalid(
                        $"Input '{input.Name}' has typed contents but the request also carries raw_input_contents; send every input one way or the other.");
                }

                data = RawTensorContents.Read(input.Name, datatype, shape, elements, raw[i].Span);
            }
            else
            {
                data = TypedTensorContents.Read(input.Name, datatype, shape, elements, input.Contents);
            }

            inputs[i] = new InferenceTensor(input.Name, datatype, shape, data);
        }

        var outputs = new string[request.Outputs.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = string.IsNullOrEmpty(request.Outputs[i].Name)
                ? throw SlipwayException.Invalid($"Requested output {i} has no name; name the output or leave it out to get every output.")
                : request.Outputs[i].Name;
        }

        return new InferenceRequest(
            inputs,
            outputs,
            string.IsNullOrEmpty(request.Id) ? null : request.Id,
            InferParameters.Read(request.Parameters));
    }

    /// <summary>
    /// Whether to answer <paramref name="request"/> in raw form: a server answers raw when the request sent raw inputs,
    /// as Triton does, since a client that sends raw can read raw and raw skips protobuf's per-element encoding. Typed
    /// requests (kserve's and tritonclient's defaults for small inputs, grpcurl's JSON) get typed answers they can read.
    /// </summary>
    public static bool AnswersRaw(ModelInferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.RawInputContents.Count > 0;
    }

    /// <summary>
    /// Encodes a response with typed contents, or with <c>raw_output_contents</c> when <paramref name="raw"/> is set
    /// (see <see cref="AnswersRaw"/>). FP16 has no typed form and the protocol forbids mixing the two, so a response
    /// with an FP16 output is raw throughout whatever <paramref name="raw"/> says.
    /// </summary>
    public static ModelInferResponse Encode(InferenceResponse response, bool raw)
    {
        ArgumentNullException.ThrowIfNull(response);
        var message = new ModelInferResponse
        {
            ModelName = response.ModelName,
            ModelVersion = response.ModelVersion,
            Id = response.Id ?? string.Empty,
        };
        InferParameters.Write(response.Parameters, message.Parameters);
        raw = raw || response.Outputs.Any(o => o.Datatype == OipDatatypes.Fp16);
        foreach (var output in response.Outputs)
        {
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = output.Datatype };
            tensor.Shape.AddRange(output.Shape);
            if (raw)
            {
                message.RawOutputContents.Add(RawTensorContents.Write(output));
            }
            else
            {
                tensor.Contents = TypedTensorContents.Write(output);
            }

            message.Outputs.Add(tensor);
        }

        return message;
    }

    /// <summary>The answer to ModelMetadata: the model's name, versions, platform and signature.</summary>
    public static ModelMetadataResponse ModelMetadata(string name, IEnumerable<string> versions, string platform, ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(signature);
        var message = new ModelMetadataResponse { Name = name, Platform = platform };
        message.Versions.AddRange(versions);
        message.Inputs.AddRange(signature.Inputs.Select(Describe));
        message.Outputs.AddRange(signature.Outputs.Select(Describe));
        return message;
    }

    /// <summary>The answer to ServerMetadata: the server's name, version and the protocol extensions it supports.</summary>
    public static ServerMetadataResponse ServerMetadata(string name, string version, IEnumerable<string> extensions)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(extensions);
        var message = new ServerMetadataResponse { Name = name, Version = version };
        message.Extensions.AddRange(extensions);
        return message;
    }

    private static ModelMetadataResponse.Types.TensorMetadata Describe(TensorSpec spec)
    {
        var tensor = new ModelMetadataResponse.Types.TensorMetadata { Name = spec.Name, Datatype = spec.Datatype };
        tensor.Shape.AddRange(spec.Shape);
        return tensor;
    }

    private static string CheckDatatype(string name, string datatype)
    {
        if (string.IsNullOrEmpty(datatype))
        {
            throw SlipwayException.Invalid(
                $"Input '{name}' has no datatype; expected one of {string.Join(", ", OipDatatypes.All)}.");
        }

        if (OipDatatypes.All.Contains(datatype, StringComparer.Ordinal))
        {
            return datatype;
        }

        throw SlipwayException.Invalid(
            $"Input '{name}' has datatype '{datatype}', which the protocol does not define; expected one of {string.Join(", ", OipDatatypes.All)}.");
    }

    private static long CountElements(string name, long[] shape)
    {
        long elements = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw SlipwayException.Invalid(
                    $"Input '{name}' has shape [{string.Join(", ", shape)}]; every dimension of a request's tensor must be 0 or more.");
            }

            // Past Array.MaxLength no array can hold the values, and checking here keeps the product from overflowing.
            if (dimension != 0 && elements > Array.MaxLength / dimension)
            {
                throw SlipwayException.Invalid(
                    $"Input '{name}' has shape [{string.Join(", ", shape)}], more than the {Array.MaxLength} elements one tensor can hold.");
            }

            elements *= dimension;
        }

        return elements;
    }
}
