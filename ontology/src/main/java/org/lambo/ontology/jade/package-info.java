/**
 * The JADE side of the vocabulary: {@link org.lambo.ontology.jade.LamboAcl} builds and reads every ACL
 * message. Only this package needs JADE; the rest of the ontology runs on devices without it.
 */
package org.lambo.ontology.jade;
