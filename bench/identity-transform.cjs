// The bare jscodeshift reference: parse, touch one node, print with recast. Used by the
// jscodeshift CLI (`-t bench/identity-transform.cjs --cpus=2`) and by ref-jscodeshift.mjs.
// The parser follows the file extension, as the migrate engine does (babylon for JS, ts for TS).
'use strict';

const jscodeshift = require('jscodeshift');

const parsers = new Map();
function parserFor(file) {
  const name = /\.tsx$/.test(file) ? 'tsx' : /\.[mc]?ts$/.test(file) ? 'ts' : 'babylon';
  if (!parsers.has(name)) parsers.set(name, jscodeshift.withParser(name));
  return parsers.get(name);
}

module.exports = function identity(file) {
  const j = parserFor(file.path);
  const root = j(file.source);
  // Replace the first string literal with an equal one: recast reprints that node, keeps the rest.
  const first = root.find(j.StringLiteral).paths()[0] ?? root.find(j.Literal, (n) => typeof n.value === 'string').paths()[0];
  if (first) first.replace(j.stringLiteral(first.node.value));
  return root.toSource();
};
