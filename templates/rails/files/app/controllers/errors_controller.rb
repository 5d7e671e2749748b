# Every error that is not a controller's own: the exceptions app (config/application.rb)
# for routing failures and unexpected exceptions, and the 404/405 routes of config/routes.rb.
class ErrorsController < ApplicationController
  MESSAGES = {
    400 => "malformed JSON",
    404 => "not found",
    405 => "method not allowed",
    413 => "body too large",
    415 => "content type must be application/json"
  }.freeze

  # ActionDispatch::ShowExceptions calls this with PATH_INFO set to "/<status>". Statuses
  # outside the contract, and every unexpected exception, are a bare 500.
  def show
    status = request.path_info.delete_prefix("/").to_i
    status = 500 unless MESSAGES.key?(status)
    render json: { error: MESSAGES.fetch(status, "internal error") }, status: status
  end

  def not_found
    render json: { error: MESSAGES.fetch(404) }, status: 404
  end

  def method_not_allowed
    render json: { error: MESSAGES.fetch(405) }, status: 405
  end
end
