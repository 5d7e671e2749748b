# GET /openapi.json: the OpenAPI document scaffold wrote from the project's spec
# (config/openapi.json), served as it is.
class OpenapiController < ApplicationController
  DOCUMENT = Rails.root.join("config/openapi.json").read.freeze

  def show
    render json: DOCUMENT
  end
end
