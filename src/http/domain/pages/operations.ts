import type { Deps } from '../../../domain/deps.js';
import { computeSecretHash } from '../../../domain/clients/secret-hash.js';
import { clientSecrets } from '../../../domain/clients/secrets.js';
import type { Operation, RequestContext } from '../../../operations/operation.js';
import { loadModel } from '../../../protocol/model.js';
import { validateInput } from '../../../protocol/validate.js';
import type { ClientRecord } from '../../../store/types.js';
import ConfirmForgotPassword from '../../../operations/ConfirmForgotPassword.js';
import ConfirmSignUp from '../../../operations/ConfirmSignUp.js';
import ForgotPassword from '../../../operations/ForgotPassword.js';
import ResendConfirmationCode from '../../../operations/ResendConfirmationCode.js';
import SignUp from '../../../operations/SignUp.js';

/**
 * The pages' sign-up, confirmation and password-reset forms are these operations, called as an app would call them:
 * the input checked against the API model (so a form gets the API's validation messages), then the operation itself.
 */
const OPERATIONS = { SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword } satisfies Record<string, Operation>;

export async function callOperation(ctx: RequestContext, name: keyof typeof OPERATIONS, input: Record<string, unknown>): Promise<unknown> {
  const model = loadModel();
  const shape = model.operations[name].input;
  if (shape) validateInput(model, shape, input);
  return (OPERATIONS[name] as Operation).handle(input, ctx);
}

/**
 * The SECRET_HASH an app client with a secret must send: the pages act for the app, and hold its secret (Cognito's
 * managed login needs none from the browser either).
 */
export function secretHashFor(deps: Pick<Deps, 'sealer'>, client: ClientRecord, username: string): { SecretHash?: string } {
  const secret = clientSecrets(deps.sealer, client)[0];
  return secret ? { SecretHash: computeSecretHash(secret.value, username, client.clientId) } : {};
}
